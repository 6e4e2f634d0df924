import type { SearchableChunkRows, StoredChunk } from '../store.js';
import type { Db } from './db.js';
import { ftsTable } from './schema.js';

const toVector = (blob: Buffer) => new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));

export function createChunkRows(db: Db): SearchableChunkRows {
  return {
    async version(storeId) {
      const epoch = (db.stmt('SELECT chunk_epoch FROM vector_stores WHERE id = ?').pluck().get(storeId) as number | undefined) ?? 0;
      const maxId = (db.stmt('SELECT max(id) FROM chunks WHERE store_id = ?').pluck().get(storeId) as number | null) ?? 0;
      return { epoch, maxId };
    },

    async vectorsSince(storeId, afterId) {
      return db.tx(() => {
        const epoch = (db.stmt('SELECT chunk_epoch FROM vector_stores WHERE id = ?').pluck().get(storeId) as number | undefined) ?? 0;
        const rows = db.stmt('SELECT id, file_id, vector FROM chunks WHERE store_id = ? AND id > ? ORDER BY id').all(storeId, afterId) as Array<{
          id: number; file_id: string; vector: Buffer;
        }>;
        return { epoch, ids: rows.map((r) => r.id), fileIds: rows.map((r) => r.file_id), vectors: rows.map((r) => toVector(r.vector)) };
      });
    },

    async keyword(storeId, match, k, fileIds) {
      const table = `"${ftsTable(storeId)}"`;
      // bm25() is lower-is-better and negative; flip it so larger is better.
      if (fileIds === undefined) {
        return db.stmt(`SELECT rowid AS id, -bm25(${table}) AS score FROM ${table} WHERE ${table} MATCH ? ORDER BY rank LIMIT ?`).all(match, k) as Array<{
          id: number; score: number;
        }>;
      }
      return db
        .stmt(
          `SELECT f.rowid AS id, -bm25(${table}) AS score FROM ${table} f
           WHERE ${table} MATCH ? AND f.rowid IN (SELECT id FROM chunks WHERE store_id = ? AND file_id IN (SELECT value FROM json_each(?)))
           ORDER BY rank LIMIT ?`,
        )
        .all(match, storeId, JSON.stringify(fileIds), k) as Array<{ id: number; score: number }>;
    },

    async get(ids) {
      if (ids.length === 0) return [];
      const rows = db
        .stmt('SELECT id, file_id, seq, text FROM chunks WHERE id IN (SELECT value FROM json_each(?))')
        .all(JSON.stringify(ids)) as Array<{ id: number; file_id: string; seq: number; text: string }>;
      return rows.map((r): StoredChunk => ({ id: r.id, fileId: r.file_id, seq: r.seq, text: r.text }));
    },

    async vectors(storeId, ids) {
      if (ids.length === 0) return [];
      const rows = db
        .stmt('SELECT id, vector FROM chunks WHERE store_id = ? AND id IN (SELECT value FROM json_each(?))')
        .all(storeId, JSON.stringify(ids)) as Array<{ id: number; vector: Buffer }>;
      return rows.map((r) => ({ id: r.id, vector: toVector(r.vector) }));
    },

    async documentText(storeId, fileId) {
      return (db.stmt('SELECT text FROM documents WHERE store_id = ? AND file_id = ?').pluck().get(storeId, fileId) as string | undefined) ?? null;
    },
  };
}

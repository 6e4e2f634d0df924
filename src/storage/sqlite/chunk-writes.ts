import type { NewChunk } from '../store.js';
import type { Db } from './db.js';
import { createFtsTableSql, ftsTable } from './schema.js';

// Writes shared by the job queue, detaching and deleting: the chunk rows, their keyword rows and
// their vectors always change together, inside the caller's transaction.

/** Every store gets its keyword table when it is created; chunk writes assume it exists. */
export function createStoreIndex(db: Db, storeId: string): void {
  db.raw.exec(createFtsTableSql(storeId));
}

/** Removes what indexing one file into one store wrote (text, chunks, keyword rows, vectors, saved progress); bumps the store's epoch so cached indexes reload. */
export function removeIndexedFile(db: Db, storeId: string, fileId: string): void {
  db.stmt('DELETE FROM documents WHERE store_id = ? AND file_id = ?').run(storeId, fileId);
  db.stmt('DELETE FROM embedded_chunks WHERE store_id = ? AND file_id = ?').run(storeId, fileId);
  const ids = db.stmt('SELECT id FROM chunks WHERE store_id = ? AND file_id = ?').pluck().all(storeId, fileId) as number[];
  if (ids.length === 0) return;
  const deleteKeyword = db.stmt(`DELETE FROM "${ftsTable(storeId)}" WHERE rowid = ?`);
  for (const id of ids) deleteKeyword.run(id);
  db.stmt('DELETE FROM chunks WHERE store_id = ? AND file_id = ?').run(storeId, fileId);
  db.stmt('UPDATE vector_stores SET chunk_epoch = chunk_epoch + 1 WHERE id = ?').run(storeId);
}

export function insertDocument(db: Db, storeId: string, fileId: string, text: string, chunks: NewChunk[]): void {
  db.stmt('INSERT INTO documents (store_id, file_id, text) VALUES (?, ?, ?)').run(storeId, fileId, text);
  const insertChunk = db.stmt('INSERT INTO chunks (store_id, file_id, seq, text, tokens, vector) VALUES (?, ?, ?, ?, ?, ?)');
  const insertKeyword = db.stmt(`INSERT INTO "${ftsTable(storeId)}" (rowid, text) VALUES (?, ?)`);
  chunks.forEach((chunk, seq) => {
    const vector = Buffer.from(chunk.vector.buffer, chunk.vector.byteOffset, chunk.vector.byteLength);
    const { lastInsertRowid } = insertChunk.run(storeId, fileId, seq, chunk.text, chunk.tokens, vector);
    insertKeyword.run(lastInsertRowid, chunk.text);
  });
}

export function dropStoreIndex(db: Db, storeId: string): void {
  db.raw.exec(`DROP TABLE IF EXISTS "${ftsTable(storeId)}"`);
  db.stmt('DELETE FROM chunks WHERE store_id = ?').run(storeId);
  db.stmt('DELETE FROM documents WHERE store_id = ?').run(storeId);
  db.stmt('DELETE FROM embedded_chunks WHERE store_id = ?').run(storeId);
}

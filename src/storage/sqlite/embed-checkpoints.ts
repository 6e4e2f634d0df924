import { createHash } from 'node:crypto';
import type { EmbedCheckpoints } from '../store.js';
import type { Db } from './db.js';
import { isHeldSync } from './job-queue.js';

/** 16 bytes of SHA-256: enough to tell that a chunk's text changed (other chunking, other bytes). */
const textHash = (text: string) => createHash('sha256').update(text).digest().subarray(0, 16);

export function createEmbedCheckpoints(db: Db): EmbedCheckpoints {
  return {
    async load(job, texts) {
      const rows = db
        .stmt('SELECT seq, text_hash, vector FROM embedded_chunks WHERE store_id = ? AND file_id = ?')
        .all(job.storeId, job.fileId) as Array<{ seq: number; text_hash: Buffer; vector: Buffer }>;
      const vectors = new Map<number, Float32Array>();
      for (const row of rows) {
        const text = texts[row.seq];
        if (text === undefined || !row.text_hash.equals(textHash(text))) continue;
        // A copy: the row's buffer need not be aligned for a Float32Array view.
        vectors.set(row.seq, new Float32Array(new Uint8Array(row.vector).buffer));
      }
      return vectors;
    },

    async save(job, chunks) {
      return db.tx(() => {
        if (!isHeldSync(db, job)) return false;
        const insert = db.stmt('INSERT OR REPLACE INTO embedded_chunks (store_id, file_id, seq, text_hash, vector) VALUES (?, ?, ?, ?, ?)');
        for (const { seq, text, vector } of chunks) {
          insert.run(job.storeId, job.fileId, seq, textHash(text), Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
        }
        return true;
      });
    },
  };
}

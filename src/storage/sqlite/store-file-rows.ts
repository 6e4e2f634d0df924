import type { Attachment, BatchRow, BatchRows, BatchView, Page, StoreFileRow, StoreFileRows } from '../store.js';
import type { Attributes } from '../filter.js';
import { keysetPage, parseJson, toJson, type Db } from './db.js';
import { removeIndexedFile } from './chunk-writes.js';
import { toCounts } from './file-counts.js';

type Row = {
  store_id: string; file_id: string; status: StoreFileRow['status']; error_code: string | null; error_message: string | null;
  attributes: string | null; max_tokens: number; overlap_tokens: number; usage_bytes: number; created_at: number;
};

const COLUMNS = 'sf.store_id, sf.file_id, sf.status, sf.error_code, sf.error_message, sf.attributes, sf.max_tokens, sf.overlap_tokens, sf.usage_bytes, sf.created_at';

const toStoreFile = (r: Row): StoreFileRow => ({
  storeId: r.store_id,
  fileId: r.file_id,
  status: r.status,
  lastError: r.error_code === null ? null : { code: r.error_code as 'server_error', message: r.error_message ?? '' },
  attributes: parseJson<Attributes>(r.attributes),
  chunking: { maxTokens: r.max_tokens, overlapTokens: r.overlap_tokens },
  usageBytes: r.usage_bytes,
  createdAt: r.created_at,
});

/** Attaches files inside the caller's transaction: a re-attached file starts over with the new settings. */
export function attachSync(db: Db, storeId: string, attachments: Attachment[], batch?: BatchRow): void {
  const now = Math.floor(Date.now() / 1000);
  if (batch) db.stmt('INSERT INTO batches (id, store_id, created_at, cancelled) VALUES (?, ?, ?, 0)').run(batch.id, storeId, batch.createdAt);
  const upsert = db.stmt(
    `INSERT INTO store_files (store_id, file_id, status, attributes, max_tokens, overlap_tokens, usage_bytes, created_at)
     VALUES (?, ?, 'in_progress', ?, ?, ?, 0, ?)
     ON CONFLICT (store_id, file_id) DO UPDATE SET status = 'in_progress', error_code = NULL, error_message = NULL,
       attributes = excluded.attributes, max_tokens = excluded.max_tokens, overlap_tokens = excluded.overlap_tokens, usage_bytes = 0`,
  );
  const enqueue = db.stmt(
    `INSERT INTO jobs (store_id, file_id) VALUES (?, ?)
     ON CONFLICT (store_id, file_id) DO UPDATE SET attempts = 0, run_after = 0, lease_owner = NULL, lease_until = 0`,
  );
  const member = db.stmt('INSERT OR IGNORE INTO batch_files (batch_id, store_id, file_id) VALUES (?, ?, ?)');
  for (const a of attachments) {
    upsert.run(storeId, a.fileId, toJson(a.attributes), a.chunking.maxTokens, a.chunking.overlapTokens, now);
    removeIndexedFile(db, storeId, a.fileId);
    enqueue.run(storeId, a.fileId);
    if (batch) member.run(batch.id, storeId, a.fileId);
  }
}

export function createStoreFileRows(db: Db): StoreFileRows {
  return {
    async attach(storeId, attachments, batch) {
      db.tx(() => attachSync(db, storeId, attachments, batch));
    },

    async get(storeId, fileId) {
      const row = db.stmt(`SELECT ${COLUMNS} FROM store_files sf WHERE sf.store_id = ? AND sf.file_id = ?`).get(storeId, fileId) as Row | undefined;
      return row ? toStoreFile(row) : null;
    },

    async list(storeId, query): Promise<Page<StoreFileRow>> {
      const where = ['sf.store_id = ?'];
      const params: unknown[] = [storeId];
      let from = 'FROM store_files sf';
      if (query.batchId !== undefined) {
        from += ' JOIN batch_files bf ON bf.store_id = sf.store_id AND bf.file_id = sf.file_id';
        where.push('bf.batch_id = ?');
        params.push(query.batchId);
      }
      if (query.status !== undefined) {
        where.push('sf.status = ?');
        params.push(query.status);
      }
      const page = keysetPage<Row>(db, COLUMNS, {
        from: `${from} WHERE ${where.join(' AND ')}`,
        params,
        key: 'sf.seq',
        cursorKey: (id) => db.stmt('SELECT seq FROM store_files WHERE store_id = ? AND file_id = ?').pluck().get(storeId, id) as number | undefined,
      }, query);
      return { items: page.items.map(toStoreFile), hasMore: page.hasMore };
    },

    async setAttributes(storeId, fileId, attributes) {
      db.stmt('UPDATE store_files SET attributes = ? WHERE store_id = ? AND file_id = ?').run(toJson(attributes), storeId, fileId);
    },

    async detach(storeId, fileId) {
      return db.tx(() => {
        const { changes } = db.stmt('DELETE FROM store_files WHERE store_id = ? AND file_id = ?').run(storeId, fileId);
        if (changes === 0) return false;
        removeIndexedFile(db, storeId, fileId);
        db.stmt('DELETE FROM jobs WHERE store_id = ? AND file_id = ?').run(storeId, fileId);
        db.stmt('DELETE FROM batch_files WHERE store_id = ? AND file_id = ?').run(storeId, fileId);
        return true;
      });
    },

    async searchable(storeId) {
      const rows = db
        .stmt(`SELECT sf.file_id, f.filename, sf.attributes FROM store_files sf JOIN files f ON f.id = sf.file_id
               WHERE sf.store_id = ? AND sf.status = 'completed'`)
        .all(storeId) as Array<{ file_id: string; filename: string; attributes: string | null }>;
      return rows.map((r) => ({ fileId: r.file_id, filename: r.filename, attributes: parseJson<Attributes>(r.attributes) }));
    },
  };
}

export function createBatchRows(db: Db): BatchRows {
  return {
    async get(storeId, id): Promise<BatchView | null> {
      const row = db.stmt('SELECT id, store_id, created_at, cancelled FROM batches WHERE id = ? AND store_id = ?').get(id, storeId) as
        | { id: string; store_id: string; created_at: number; cancelled: number }
        | undefined;
      if (!row) return null;
      const counts = db
        .stmt(`SELECT sf.status, count(*) AS n FROM batch_files bf JOIN store_files sf ON sf.store_id = bf.store_id AND sf.file_id = bf.file_id
               WHERE bf.batch_id = ? GROUP BY sf.status`)
        .all(id) as Parameters<typeof toCounts>[0];
      return { id: row.id, storeId: row.store_id, createdAt: row.created_at, cancelled: row.cancelled === 1, fileCounts: toCounts(counts) };
    },

    async cancel(storeId, id) {
      db.tx(() => {
        db.stmt('UPDATE batches SET cancelled = 1 WHERE id = ? AND store_id = ?').run(id, storeId);
        const unfinished = `SELECT sf.file_id FROM batch_files bf JOIN store_files sf ON sf.store_id = bf.store_id AND sf.file_id = bf.file_id
                            WHERE bf.batch_id = ? AND sf.status = 'in_progress'`;
        db.stmt(`DELETE FROM jobs WHERE store_id = ? AND file_id IN (${unfinished})`).run(storeId, id);
        db.stmt(`DELETE FROM embedded_chunks WHERE store_id = ? AND file_id IN (${unfinished})`).run(storeId, id);
        db.stmt(`UPDATE store_files SET status = 'cancelled' WHERE store_id = ? AND file_id IN (${unfinished})`).run(storeId, id);
      });
    },
  };
}

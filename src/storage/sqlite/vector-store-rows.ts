import type { Page, VectorStoreRow, VectorStoreRows, VectorStoreView } from '../store.js';
import { keysetPage, parseJson, toJson, type Db } from './db.js';
import { createStoreIndex, dropStoreIndex } from './chunk-writes.js';
import { toCounts } from './file-counts.js';
import { attachSync } from './store-file-rows.js';

type Row = {
  id: string; project_id: string; name: string; description: string | null; metadata: string | null;
  created_at: number; last_active_at: number; expires_after_days: number | null;
  embedder_provider: string; embedder_model: string; dimension: number;
};

function view(db: Db, r: Row): VectorStoreView {
  const rows = db.stmt('SELECT status, count(*) AS n FROM store_files WHERE store_id = ? GROUP BY status').all(r.id) as Parameters<typeof toCounts>[0];
  const usage = db.stmt('SELECT coalesce(sum(usage_bytes), 0) FROM store_files WHERE store_id = ?').pluck().get(r.id) as number;
  return {
    id: r.id,
    projectId: r.project_id,
    name: r.name,
    description: r.description,
    metadata: parseJson<Record<string, string>>(r.metadata),
    createdAt: r.created_at,
    lastActiveAt: r.last_active_at,
    expiresAfterDays: r.expires_after_days,
    embedder: { provider: r.embedder_provider, model: r.embedder_model, dimension: r.dimension },
    fileCounts: toCounts(rows),
    usageBytes: usage,
  };
}

export function createVectorStoreRows(db: Db): VectorStoreRows {
  const getRow = (projectId: string, id: string) =>
    db.stmt('SELECT * FROM vector_stores WHERE id = ? AND project_id = ?').get(id, projectId) as Row | undefined;

  return {
    async insert(v: VectorStoreRow, attachments) {
      db.tx(() => {
        db.stmt(
          `INSERT INTO vector_stores (id, project_id, name, description, metadata, created_at, last_active_at, expires_after_days,
             embedder_provider, embedder_model, dimension) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          v.id, v.projectId, v.name, v.description, toJson(v.metadata), v.createdAt, v.lastActiveAt, v.expiresAfterDays,
          v.embedder.provider, v.embedder.model, v.embedder.dimension,
        );
        createStoreIndex(db, v.id);
        attachSync(db, v.id, attachments);
      });
    },

    async get(projectId, id) {
      const row = getRow(projectId, id);
      return row ? view(db, row) : null;
    },

    async list(projectId, query): Promise<Page<VectorStoreView>> {
      const page = keysetPage<Row>(db, '*', {
        from: 'FROM vector_stores WHERE project_id = ?',
        params: [projectId],
        key: 'rowid',
        cursorKey: (id) => (db.stmt('SELECT rowid AS k FROM vector_stores WHERE id = ? AND project_id = ?').get(id, projectId) as { k: number } | undefined)?.k,
      }, query);
      return { items: page.items.map((r) => view(db, r)), hasMore: page.hasMore };
    },

    async update(v) {
      db.stmt('UPDATE vector_stores SET name = ?, metadata = ?, expires_after_days = ?, last_active_at = ? WHERE id = ?').run(
        v.name, toJson(v.metadata), v.expiresAfterDays, v.lastActiveAt, v.id,
      );
    },

    async touch(id, lastActiveAt) {
      db.stmt('UPDATE vector_stores SET last_active_at = max(last_active_at, ?) WHERE id = ?').run(lastActiveAt, id);
    },

    async emptyExpired(now) {
      return db.tx(() => {
        const ids = db
          .stmt(
            `SELECT id FROM vector_stores WHERE expires_after_days IS NOT NULL AND last_active_at + expires_after_days * 86400 <= ?
             AND EXISTS (SELECT 1 FROM store_files WHERE store_id = vector_stores.id)`,
          )
          .pluck()
          .all(now) as string[];
        for (const id of ids) {
          for (const table of ['jobs', 'batch_files', 'store_files']) db.stmt(`DELETE FROM ${table} WHERE store_id = ?`).run(id);
          dropStoreIndex(db, id);
          createStoreIndex(db, id);
          db.stmt('UPDATE vector_stores SET chunk_epoch = chunk_epoch + 1 WHERE id = ?').run(id);
        }
        return ids;
      });
    },

    async delete(projectId, id) {
      return db.tx(() => {
        if (!getRow(projectId, id)) return false;
        for (const table of ['jobs', 'batch_files', 'batches', 'store_files']) {
          db.stmt(`DELETE FROM ${table} WHERE store_id = ?`).run(id);
        }
        dropStoreIndex(db, id);
        db.stmt('DELETE FROM vector_stores WHERE id = ?').run(id);
        return true;
      });
    },
  };
}

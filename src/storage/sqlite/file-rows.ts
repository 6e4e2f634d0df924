import type { FileRow, FileRows, Page, PageQuery } from '../store.js';
import { keysetPage, type Db } from './db.js';
import { removeIndexedFile } from './chunk-writes.js';

type Row = { id: string; project_id: string; filename: string; bytes: number; purpose: string; created_at: number; expires_at: number | null };

const toFile = (r: Row): FileRow => ({
  id: r.id,
  projectId: r.project_id,
  filename: r.filename,
  bytes: r.bytes,
  purpose: r.purpose,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

export function insertFileSync(db: Db, f: FileRow): void {
  db.stmt('INSERT INTO files (id, project_id, filename, bytes, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    f.id, f.projectId, f.filename, f.bytes, f.purpose, f.createdAt, f.expiresAt,
  );
}

/** Deletes a File and everything that indexing it into any store wrote, inside the caller's transaction. */
function deleteFileSync(db: Db, id: string): void {
  const stores = db.stmt('SELECT store_id FROM store_files WHERE file_id = ?').pluck().all(id) as string[];
  for (const storeId of stores) {
    removeIndexedFile(db, storeId, id);
    db.stmt('DELETE FROM jobs WHERE store_id = ? AND file_id = ?').run(storeId, id);
    db.stmt('DELETE FROM batch_files WHERE store_id = ? AND file_id = ?').run(storeId, id);
  }
  db.stmt('DELETE FROM store_files WHERE file_id = ?').run(id);
  db.stmt('DELETE FROM files WHERE id = ?').run(id);
}

export function createFileRows(db: Db): FileRows {
  return {
    async insert(row) {
      insertFileSync(db, row);
    },

    async get(projectId, id) {
      const row = db.stmt('SELECT * FROM files WHERE id = ? AND project_id = ?').get(id, projectId) as Row | undefined;
      return row ? toFile(row) : null;
    },

    async list(projectId, query: PageQuery & { purpose?: string }): Promise<Page<FileRow>> {
      const byPurpose = query.purpose !== undefined;
      const page = keysetPage<Row>(db, '*', {
        from: `FROM files WHERE project_id = ?${byPurpose ? ' AND purpose = ?' : ''}`,
        params: byPurpose ? [projectId, query.purpose] : [projectId],
        key: 'rowid',
        cursorKey: (id) => (db.stmt('SELECT rowid AS k FROM files WHERE id = ? AND project_id = ?').get(id, projectId) as { k: number } | undefined)?.k,
      }, query);
      return { items: page.items.map(toFile), hasMore: page.hasMore };
    },

    async delete(projectId, id) {
      return db.tx(() => {
        const found = db.stmt('SELECT 1 FROM files WHERE id = ? AND project_id = ?').get(id, projectId);
        if (!found) return false;
        deleteFileSync(db, id);
        return true;
      });
    },

    async deleteExpired(now) {
      return db.tx(() => {
        const ids = db.stmt('SELECT id FROM files WHERE expires_at IS NOT NULL AND expires_at <= ?').pluck().all(now) as string[];
        for (const id of ids) deleteFileSync(db, id);
        return ids;
      });
    },
  };
}

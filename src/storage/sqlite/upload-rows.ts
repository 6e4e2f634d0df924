import type { UploadPartRow, UploadRow, UploadRows } from '../store.js';
import type { Db } from './db.js';
import { insertFileSync } from './file-rows.js';

type Row = {
  id: string; project_id: string; filename: string; purpose: string; bytes: number; mime_type: string;
  status: UploadRow['status']; created_at: number; expires_at: number; file_expires_after: number | null; file_id: string | null;
};

const toUpload = (r: Row): UploadRow => ({
  id: r.id,
  projectId: r.project_id,
  filename: r.filename,
  purpose: r.purpose,
  bytes: r.bytes,
  mimeType: r.mime_type,
  status: r.status,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  fileExpiresAfterSeconds: r.file_expires_after,
  fileId: r.file_id,
});

export function createUploadRows(db: Db): UploadRows {
  return {
    async insert(u) {
      db.stmt(
        `INSERT INTO uploads (id, project_id, filename, purpose, bytes, mime_type, status, created_at, expires_at, file_expires_after, file_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(u.id, u.projectId, u.filename, u.purpose, u.bytes, u.mimeType, u.status, u.createdAt, u.expiresAt, u.fileExpiresAfterSeconds, u.fileId);
    },

    async get(projectId, id) {
      const row = db.stmt('SELECT * FROM uploads WHERE id = ? AND project_id = ?').get(id, projectId) as Row | undefined;
      return row ? toUpload(row) : null;
    },

    async addPart(p) {
      db.stmt('INSERT INTO upload_parts (id, upload_id, bytes, created_at) VALUES (?, ?, ?, ?)').run(p.id, p.uploadId, p.bytes, p.createdAt);
    },

    async parts(uploadId) {
      const rows = db.stmt('SELECT id, upload_id, bytes, created_at FROM upload_parts WHERE upload_id = ? ORDER BY rowid').all(uploadId) as Array<{
        id: string; upload_id: string; bytes: number; created_at: number;
      }>;
      return rows.map((r): UploadPartRow => ({ id: r.id, uploadId: r.upload_id, bytes: r.bytes, createdAt: r.created_at }));
    },

    async finish(id, status) {
      return db.stmt("UPDATE uploads SET status = ? WHERE id = ? AND status = 'pending'").run(status, id).changes === 1;
    },

    async expire(now) {
      return db.tx(() => {
        const ids = db.stmt("SELECT id FROM uploads WHERE status = 'pending' AND expires_at <= ?").pluck().all(now) as string[];
        const mark = db.stmt("UPDATE uploads SET status = 'expired' WHERE id = ?");
        for (const id of ids) {
          mark.run(id);
          db.stmt('DELETE FROM upload_parts WHERE upload_id = ?').run(id);
        }
        return ids;
      });
    },

    async complete(uploadId, file) {
      return db.tx(() => {
        const { changes } = db.stmt("UPDATE uploads SET status = 'completed', file_id = ? WHERE id = ? AND status = 'pending'").run(file.id, uploadId);
        if (changes !== 1) return false;
        insertFileSync(db, file);
        db.stmt('DELETE FROM upload_parts WHERE upload_id = ?').run(uploadId);
        return true;
      });
    },
  };
}

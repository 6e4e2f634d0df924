import type { ResponseRow, ResponseRows } from '../store.js';
import type { Db } from './db.js';

type Row = { id: string; project_id: string; created_at: number; response: string; input_items: string; conversation: string };

const toResponse = (r: Row): ResponseRow => ({
  id: r.id,
  projectId: r.project_id,
  createdAt: r.created_at,
  response: JSON.parse(r.response) as ResponseRow['response'],
  inputItems: JSON.parse(r.input_items) as ResponseRow['inputItems'],
  conversation: JSON.parse(r.conversation) as ResponseRow['conversation'],
});

export function createResponseRows(db: Db): ResponseRows {
  return {
    async insert(row) {
      db.stmt('INSERT INTO responses (id, project_id, created_at, response, input_items, conversation) VALUES (?, ?, ?, ?, ?, ?)').run(
        row.id, row.projectId, row.createdAt, JSON.stringify(row.response), JSON.stringify(row.inputItems), JSON.stringify(row.conversation),
      );
    },

    async get(projectId, id) {
      const row = db.stmt('SELECT * FROM responses WHERE id = ? AND project_id = ?').get(id, projectId) as Row | undefined;
      return row ? toResponse(row) : null;
    },

    async delete(projectId, id) {
      return db.stmt('DELETE FROM responses WHERE id = ? AND project_id = ?').run(id, projectId).changes > 0;
    },
  };
}

// Uploads files into a store and follows each through ingestion: queued → uploading → in_progress →
// completed, failed or cancelled. Queues outlive the view that started them, so leaving a store's page
// and coming back shows the same files still moving.
import { api } from './api.js';
import { rememberFilename } from './filenames.js';

const UPLOADS_AT_ONCE = 3;
const POLL_MS = 1000;
export const FINAL = new Set(['completed', 'failed', 'cancelled']);

const queues = new Map();

/** The queue of one store, created on first use. */
export function queueFor(storeId) {
  if (!queues.has(storeId)) queues.set(storeId, createQueue(storeId));
  return queues.get(storeId);
}

function createQueue(storeId) {
  const storePath = `/vector_stores/${encodeURIComponent(storeId)}`;
  const entries = [];
  const listeners = new Set();
  let uploading = 0;
  let polling = false;
  let nextId = 1;

  const changed = (entry) => {
    for (const listener of listeners) listener(entry);
  };
  const update = (entry, fields) => {
    Object.assign(entry, fields);
    changed(entry);
  };

  function add(files, attributes) {
    for (const { file, path } of files) entries.push({ key: nextId++, file, path, attributes, status: 'queued', fileId: null, detail: '' });
    changed(null);
    pump();
  }

  function pump() {
    while (uploading < UPLOADS_AT_ONCE) {
      const entry = entries.find((e) => e.status === 'queued');
      if (!entry) break;
      uploading += 1;
      void upload(entry).finally(() => {
        uploading -= 1;
        pump();
      });
    }
  }

  async function upload(entry) {
    update(entry, { status: 'uploading' });
    try {
      const form = new FormData();
      form.append('purpose', 'assistants');
      form.append('file', entry.file, entry.file.name);
      const file = await api('/files', { method: 'POST', body: form });
      rememberFilename(file.id, file.filename);
      entry.fileId = file.id;
      const body = { file_id: file.id };
      if (entry.attributes) body.attributes = entry.attributes;
      const attached = await api(`${storePath}/files`, { method: 'POST', body });
      settle(entry, attached);
    } catch (error) {
      update(entry, { status: 'failed', detail: error.message });
    }
    entry.file = null; // the bytes are on the server now; let the browser free them
    if (!polling && entries.some((e) => e.status === 'in_progress')) void poll();
  }

  function settle(entry, storeFile) {
    const error = storeFile.last_error;
    update(entry, { status: storeFile.status, detail: error ? `${error.code}: ${error.message}` : '' });
  }

  /**
   * One listing of the store's in-progress files per tick, however many files are moving; a file that has
   * left that list is read once for its final status and error.
   */
  async function poll() {
    polling = true;
    try {
      while (entries.some((e) => e.status === 'in_progress')) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        const moving = await inProgressIds();
        for (const entry of entries) {
          if (entry.status !== 'in_progress' || moving.has(entry.fileId)) continue;
          settle(entry, await api(`${storePath}/files/${encodeURIComponent(entry.fileId)}`));
        }
      }
    } catch (error) {
      for (const entry of entries) if (entry.status === 'in_progress') update(entry, { detail: `Could not check progress: ${error.message}` });
    } finally {
      polling = false;
    }
  }

  async function inProgressIds() {
    const ids = new Set();
    let after;
    for (;;) {
      const page = await api(`${storePath}/files`, { query: { filter: 'in_progress', limit: 100, after } });
      for (const file of page.data) ids.add(file.id);
      if (!page.has_more) return ids;
      after = page.last_id;
    }
  }

  function clearFinished() {
    for (let i = entries.length - 1; i >= 0; i -= 1) if (FINAL.has(entries[i].status)) entries.splice(i, 1);
    changed(null);
  }

  return {
    entries,
    add,
    clearFinished,
    /** Calls `listener(entry)` on every change (entry null when the list itself changed); returns the unsubscribe. */
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../store.js';
import { Db } from './db.js';
import { createFileRows } from './file-rows.js';
import { createUploadRows } from './upload-rows.js';
import { createVectorStoreRows } from './vector-store-rows.js';
import { createBatchRows, createStoreFileRows } from './store-file-rows.js';
import { createJobQueue } from './job-queue.js';
import { createChunkRows } from './chunk-rows.js';
import { createResponseRows } from './response-rows.js';

/** The embedded store: one SQLite database file, `trove.db`, in the data directory. */
export function createSqliteStore(dataDir: string): Store {
  mkdirSync(dataDir, { recursive: true });
  const db = new Db(join(dataDir, 'trove.db'));
  return {
    files: createFileRows(db),
    uploads: createUploadRows(db),
    vectorStores: createVectorStoreRows(db),
    storeFiles: createStoreFileRows(db),
    batches: createBatchRows(db),
    jobs: createJobQueue(db),
    chunks: createChunkRows(db),
    responses: createResponseRows(db),
    async check() {
      db.check();
    },
    async close() {
      db.close();
    },
  };
}

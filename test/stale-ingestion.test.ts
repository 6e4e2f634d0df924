// Regression: claim tokens were `<owner>:<job id>:<attempt>`, and SQLite hands a deleted job's id to the
// next job. Work in flight for files detached from one store (or whose batch was cancelled, or whose store
// was deleted) then passed the ownership check of another store's new jobs: it wrote the detached files'
// chunks and retired the new jobs, leaving the other store's batch `in_progress` forever, across projects.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import OpenAI, { toFile } from 'openai';
import { startFakeEmbeddingsServer, type FakeEmbeddingsServer } from './support/fake-embeddings-server.js';
import { eventually, KEY_B, startTestServer, type TestServer } from './support/trove-server.js';

const FILES = 32;
/** Long enough that the second store's files are claimed while the first store's are still being embedded. */
const EMBED_DELAY_MS = 3_000;

let server: TestServer;
let fake: FakeEmbeddingsServer;
before(async () => {
  fake = await startFakeEmbeddingsServer();
  fake.delay(EMBED_DELAY_MS);
  server = await startTestServer({ openaiBaseUrl: fake.baseURL, openaiApiKey: 'unused' });
});
after(async () => {
  await server.close();
  await fake.close();
});

async function uploadMany(client: OpenAI, prefix: string): Promise<string[]> {
  const files = await Promise.all(
    Array.from({ length: FILES }, async (_, i) =>
      client.files.create({ file: await toFile(Buffer.from(`${prefix} record ${i}: the ${prefix} ledger lists item ${i}.`), `${prefix}-${i}.txt`), purpose: 'assistants' }),
    ),
  );
  return files.map((f) => f.id);
}

function countRows(sql: string, ...params: unknown[]): number {
  const db = new Database(join(server.dataDir, 'trove.db'), { readonly: true });
  try {
    return db.prepare(sql).pluck().get(...params) as number;
  } finally {
    db.close();
  }
}

type Interruption = (client: OpenAI, storeId: string, batchId: string, fileIds: string[]) => Promise<void>;

async function interruptIndexingThenIndexElsewhere(interrupt: Interruption) {
  const a = server.client;
  const b = server.clientFor(KEY_B);
  // 1. Store X (project A) takes 32 files; wait until ingestion has them in the embedder.
  const x = await a.vectorStores.create({ name: 'x', embedder: 'openai:fake-embed' } as never);
  const xFiles = await uploadMany(a, 'xray');
  const requestsBefore = fake.requests.length;
  const xBatch = await a.vectorStores.fileBatches.create(x.id, { file_ids: xFiles });
  await eventually(async () => fake.requests.length, (n) => n > requestsBefore, 10_000);

  // 2. Take the files away from X while they are being embedded, then give 32 new files to store Y of project B.
  await interrupt(a, x.id, xBatch.id, xFiles);
  const y = await b.vectorStores.create({ name: 'y', embedder: 'openai:fake-embed' } as never);
  const yFiles = await uploadMany(b, 'yankee');
  const yBatch = await b.vectorStores.fileBatches.create(y.id, { file_ids: yFiles });

  // 3. Y's batch finishes with every file indexed, whatever X's stale work did meanwhile.
  const done = await eventually(() => b.vectorStores.fileBatches.retrieve(yBatch.id, { vector_store_id: y.id }), (batch) => batch.status !== 'in_progress', 30_000);
  assert.deepEqual(done.file_counts, { in_progress: 0, completed: FILES, failed: 0, cancelled: 0, total: FILES });
  // X's embedding call has been answered by now (it started first), so any stale write has happened.
  await eventually(async () => fake.requests.filter((r) => r.status === 0).length, (n) => n === 0, 20_000);
  await new Promise((resolve) => setTimeout(resolve, 500));

  // 4. Nothing of X's interrupted files was written anywhere; Y holds exactly its own chunks.
  assert.equal(countRows('SELECT count(*) FROM chunks WHERE file_id IN (SELECT value FROM json_each(?))', JSON.stringify(xFiles)), 0);
  assert.equal(countRows('SELECT count(*) FROM documents WHERE file_id IN (SELECT value FROM json_each(?))', JSON.stringify(xFiles)), 0);
  assert.equal(countRows('SELECT count(*) FROM chunks WHERE store_id = ?', y.id), FILES);
  assert.equal(countRows(`SELECT count(*) FROM "fts_${y.id}"`), FILES);
  assert.equal(countRows('SELECT count(*) FROM jobs'), 0);
  const ySearch = await b.vectorStores.search(y.id, { query: 'yankee ledger', max_num_results: 50 });
  assert.ok(ySearch.data.length > 0 && ySearch.data.every((hit) => yFiles.includes(hit.file_id)));
  return { a, x, xFiles };
}

test('files detached while being indexed leave nothing behind and never stall another store', async () => {
  const { a, x } = await interruptIndexingThenIndexElsewhere(async (client, storeId, _batchId, fileIds) => {
    for (const fileId of fileIds) await client.vectorStores.files.delete(fileId, { vector_store_id: storeId });
  });
  const store = await a.vectorStores.retrieve(x.id);
  assert.deepEqual(store.file_counts, { in_progress: 0, completed: 0, failed: 0, cancelled: 0, total: 0 });
});

test('a batch cancelled while being indexed stays cancelled and never stalls another store', async () => {
  const { a, x, xFiles } = await interruptIndexingThenIndexElsewhere(async (client, storeId, batchId) => {
    await client.vectorStores.fileBatches.cancel(batchId, { vector_store_id: storeId });
  });
  const store = await a.vectorStores.retrieve(x.id);
  assert.deepEqual(store.file_counts, { in_progress: 0, completed: 0, failed: 0, cancelled: FILES, total: FILES });
  const search = await a.vectorStores.search(x.id, { query: 'xray ledger' });
  assert.equal(search.data.length, 0);
  assert.equal(xFiles.length, FILES);
});

test('a store deleted while its files are being indexed leaves nothing behind and never stalls another store', async () => {
  const { a, x } = await interruptIndexingThenIndexElsewhere(async (client, storeId) => {
    await client.vectorStores.delete(storeId);
  });
  assert.equal(countRows('SELECT count(*) FROM chunks WHERE store_id = ?', x.id), 0);
  await assert.rejects(a.vectorStores.retrieve(x.id), (error: unknown) => error instanceof OpenAI.NotFoundError);
});

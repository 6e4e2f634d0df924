import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { toFile } from 'openai';
import { startFakeEmbeddingsServer, type FakeEmbeddingsServer } from './support/fake-embeddings-server.js';
import { startTestServer, type TestServer } from './support/trove-server.js';

let fake: FakeEmbeddingsServer;
let server: TestServer;
before(async () => {
  fake = await startFakeEmbeddingsServer({ dimension: 32 });
  // One group at a time, so that a second file waits behind the first.
  server = await startTestServer({ embedder: 'openai:fake-embed', openaiBaseUrl: fake.baseURL, ingestConcurrency: 1 });
});
after(async () => {
  await server?.close();
  await fake?.close();
});

const CHUNKING = { type: 'static' as const, static: { max_chunk_size_tokens: 100, chunk_overlap_tokens: 0 } };
const bigText = (tag: string) =>
  Array.from({ length: 8000 }, (_, i) => `${tag} entry ${i}: crate ${i % 71} left dock ${(i * 3) % 29} on shift ${i % 5}.`).join(' ');

/** Attaches a ~2,000-chunk file to a new store and waits until its chunks are going to the (slow) model. */
async function largeFileEmbedding(tag: string) {
  const { client } = server;
  const store = await client.vectorStores.create({ name: tag });
  const file = await client.files.create({ file: await toFile(Buffer.from(bigText(tag)), `${tag}.txt`), purpose: 'assistants' });
  const sentBefore = fake.inputsReceived();
  await client.vectorStores.files.create(store.id, { file_id: file.id, chunking_strategy: CHUNKING });
  while (fake.inputsReceived() - sentBefore < 200) await new Promise((r) => setTimeout(r, 10));
  return { store, file };
}

/** Inputs the model receives from now until `ms` later. */
async function inputsDuring(ms: number): Promise<number> {
  const start = fake.inputsReceived();
  await new Promise((r) => setTimeout(r, ms));
  return fake.inputsReceived() - start;
}

/** Runs `stop`, then checks that the model gets no new work from 2 s on, and that the file queued behind completed meanwhile. */
async function assertStopsAndNextRuns(stop: () => Promise<unknown>) {
  const { client } = server;
  const next = await client.vectorStores.create({ name: 'next' });
  const small = await client.files.create({ file: await toFile(Buffer.from('The harbour office opens at seven.'), 'small.txt'), purpose: 'assistants' });
  await client.vectorStores.files.create(next.id, { file_id: small.id });
  assert.ok((await inputsDuring(1000)) > 0, 'the large file is still being embedded before the stop');

  const stoppedAt = Date.now();
  await stop();
  await new Promise((r) => setTimeout(r, Math.max(0, stoppedAt + 2000 - Date.now())));
  assert.equal(await inputsDuring(1500), 0, 'from 2 s after the stop on, the model gets no more work');
  // The file queued behind started at once: by now it is done.
  assert.equal((await client.vectorStores.files.retrieve(small.id, { vector_store_id: next.id })).status, 'completed');
}

test('deleting a store stops the embedding of its large file within 2 s, and the file queued behind it completes', async () => {
  fake.delayPerInput(5);
  const { store } = await largeFileEmbedding('deleted-store');
  await assertStopsAndNextRuns(() => server.client.vectorStores.delete(store.id));
});

test('detaching a large file stops its embedding within 2 s', async () => {
  fake.delayPerInput(5);
  const { store, file } = await largeFileEmbedding('detached');
  await assertStopsAndNextRuns(() => server.client.vectorStores.files.delete(file.id, { vector_store_id: store.id }));
  assert.equal((await server.client.vectorStores.retrieve(store.id)).file_counts.total, 0);
});

test('cancelling the batch of a large file stops its embedding within 2 s, and the file ends cancelled', async () => {
  fake.delayPerInput(5);
  const { client } = server;
  const store = await client.vectorStores.create({ name: 'batch' });
  const file = await client.files.create({ file: await toFile(Buffer.from(bigText('batch')), 'batch.txt'), purpose: 'assistants' });
  const sentBefore = fake.inputsReceived();
  const batch = await client.vectorStores.fileBatches.create(store.id, { file_ids: [file.id], chunking_strategy: CHUNKING });
  while (fake.inputsReceived() - sentBefore < 200) await new Promise((r) => setTimeout(r, 10));
  await assertStopsAndNextRuns(() => client.vectorStores.fileBatches.cancel(batch.id, { vector_store_id: store.id }));
  assert.equal((await client.vectorStores.files.retrieve(file.id, { vector_store_id: store.id })).status, 'cancelled');
});

test('deleting the File stops its embedding within 2 s', async () => {
  fake.delayPerInput(5);
  const { file } = await largeFileEmbedding('deleted-file');
  await assertStopsAndNextRuns(() => server.client.files.delete(file.id));
});

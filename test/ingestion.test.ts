import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI, { toFile } from 'openai';
import { eventually, startTestServer, type TestServer } from './support/trove-server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const upload = async (name: string, text: string | Buffer) =>
  server.client.files.create({ file: await toFile(Buffer.from(text), name), purpose: 'assistants' });

const settled = (storeId: string, fileId: string) =>
  eventually(() => server.client.vectorStores.files.retrieve(fileId, { vector_store_id: storeId }), (f) => f.status !== 'in_progress');

test('an attached file is indexed with its attributes and chunking, and its parsed text is served', async () => {
  const store = await server.client.vectorStores.create({ name: 'notes' });
  const file = await upload('orchard.md', '# Orchard\n\nThe cooperative harvested eleven tonnes of quince.\n');
  const attached = await server.client.vectorStores.files.create(store.id, {
    file_id: file.id,
    attributes: { year: 2024, team: 'north', public: true },
    chunking_strategy: { type: 'static', static: { max_chunk_size_tokens: 200, chunk_overlap_tokens: 50 } },
  });
  assert.equal(attached.id, file.id);
  assert.deepEqual(attached.chunking_strategy, { type: 'static', static: { max_chunk_size_tokens: 200, chunk_overlap_tokens: 50 } });
  const done = await settled(store.id, file.id);
  assert.equal(done.status, 'completed');
  assert.equal(done.last_error, null);
  assert.ok(done.usage_bytes > 0);

  const content = await server.client.vectorStores.files.content(file.id, { vector_store_id: store.id });
  assert.match(content.data.map((d) => d.text).join(''), /eleven tonnes of quince/);

  const results = await server.client.vectorStores.search(store.id, { query: 'quince harvest' });
  assert.equal(results.data[0]?.file_id, file.id);
  assert.deepEqual(results.data[0]?.attributes, { year: 2024, team: 'north', public: true });
});

test('files that cannot be read end failed with a clear last_error, and counts add up', async () => {
  const store = await server.client.vectorStores.create({});
  const empty = await upload('empty.txt', '');
  const png = await upload('pixel.png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
  const binary = await upload('blob.txt', Buffer.from([0, 1, 2, 3, 0, 255, 254, 0]));
  const good = await upload('good.txt', 'Perfectly ordinary text about herons.');
  const batch = await server.client.vectorStores.fileBatches.create(store.id, { file_ids: [empty.id, png.id, binary.id, good.id] });
  assert.equal(batch.object, 'vector_store.files_batch');
  const done = await eventually(() => server.client.vectorStores.fileBatches.retrieve(batch.id, { vector_store_id: store.id }), (b) => b.status !== 'in_progress');
  assert.deepEqual(done.file_counts, { in_progress: 0, completed: 1, failed: 3, cancelled: 0, total: 4 });
  const codes = Object.fromEntries(
    await Promise.all([empty, png, binary].map(async (f) => [f.filename, (await settled(store.id, f.id)).last_error?.code] as const)),
  );
  assert.deepEqual(codes, { 'empty.txt': 'invalid_file', 'pixel.png': 'unsupported_file', 'blob.txt': 'unsupported_file' });
  const failed = await server.client.vectorStores.files.list(store.id, { filter: 'failed' });
  assert.equal(failed.data.length, 3);
});

test('detaching a file or deleting the File removes it from search', async () => {
  const store = await server.client.vectorStores.create({});
  const a = await upload('a.txt', 'The lighthouse keeper logged a violet aurora.');
  const b = await upload('b.txt', 'The violet aurora was seen again from the harbour.');
  await server.client.vectorStores.fileBatches.createAndPoll(store.id, { file_ids: [a.id, b.id] }, { pollIntervalMs: 50 });
  const both = await server.client.vectorStores.search(store.id, { query: 'violet aurora' });
  assert.deepEqual(new Set(both.data.map((r) => r.file_id)), new Set([a.id, b.id]));

  await server.client.vectorStores.files.delete(a.id, { vector_store_id: store.id });
  const afterDetach = await server.client.vectorStores.search(store.id, { query: 'violet aurora' });
  assert.deepEqual(afterDetach.data.map((r) => r.file_id), [b.id]);
  assert.equal((await server.client.files.retrieve(a.id)).id, a.id);

  await server.client.files.delete(b.id);
  assert.deepEqual((await server.client.vectorStores.search(store.id, { query: 'violet aurora' })).data, []);
  await assert.rejects(server.client.vectorStores.files.retrieve(b.id, { vector_store_id: store.id }), OpenAI.NotFoundError);
  const counts = (await server.client.vectorStores.retrieve(store.id)).file_counts;
  assert.equal(counts.total, 0);
});

test('cancelling a batch ends its unfinished files cancelled at once, with consistent counts', async () => {
  const store = await server.client.vectorStores.create({});
  const text = 'A long report about canals and locks. '.repeat(4000);
  const files = await Promise.all(Array.from({ length: 12 }, (_, i) => upload(`canal-${i}.txt`, `${i} ${text}`)));
  const batch = await server.client.vectorStores.fileBatches.create(store.id, { file_ids: files.map((f) => f.id) });
  const cancelled = await server.client.vectorStores.fileBatches.cancel(batch.id, { vector_store_id: store.id });
  assert.equal(cancelled.file_counts.in_progress, 0);
  assert.equal(cancelled.status, cancelled.file_counts.cancelled > 0 ? 'cancelled' : 'completed');
  const c = cancelled.file_counts;
  assert.equal(c.completed + c.failed + c.cancelled, 12);
  const listed = await server.client.vectorStores.fileBatches.listFiles(batch.id, { vector_store_id: store.id, filter: 'cancelled', limit: 100 });
  assert.equal(listed.data.length, c.cancelled);
  // Work that was in flight when the cancel arrived must not resurrect a cancelled file.
  await new Promise((r) => setTimeout(r, 500));
  const later = await server.client.vectorStores.fileBatches.retrieve(batch.id, { vector_store_id: store.id });
  assert.deepEqual(later.file_counts, c);
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI, { toFile } from 'openai';
import { eventually, startTestServer, type TestServer } from './support/trove-server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const DAY = 86_400;

test('a store is created with name, metadata and expiry, then updated, listed and deleted', async () => {
  const store = await server.client.vectorStores.create({
    name: 'handbook',
    metadata: { team: 'ops', note: 'ünïcødé' },
    expires_after: { anchor: 'last_active_at', days: 7 },
  });
  assert.match(store.id, /^vs_/);
  assert.equal(store.status, 'completed');
  assert.deepEqual(store.file_counts, { in_progress: 0, completed: 0, failed: 0, cancelled: 0, total: 0 });
  assert.equal(store.usage_bytes, 0);
  assert.equal(store.expires_at, store.last_active_at! + 7 * DAY);

  const updated = await server.client.vectorStores.update(store.id, { name: 'handbook v2', metadata: { team: 'ops' }, expires_after: null });
  assert.equal(updated.name, 'handbook v2');
  assert.deepEqual(updated.metadata, { team: 'ops' });
  assert.equal(updated.expires_at ?? null, null);

  const second = await server.client.vectorStores.create({});
  const page = await server.client.vectorStores.list({ limit: 1 });
  assert.deepEqual(page.data.map((s) => s.id), [second.id]);
  assert.equal(page.has_more, true);
  const older = await server.client.vectorStores.list({ limit: 1, after: second.id });
  assert.deepEqual(older.data.map((s) => s.id), [store.id]);
  const before = await server.client.vectorStores.list({ before: store.id });
  assert.deepEqual(before.data.map((s) => s.id), [second.id]);

  assert.deepEqual(await server.client.vectorStores.delete(store.id), { id: store.id, object: 'vector_store.deleted', deleted: true });
  await assert.rejects(server.client.vectorStores.retrieve(store.id), OpenAI.NotFoundError);
});

test('file_ids at creation are ingested and counted; the files stay when the store goes', async () => {
  const files = await Promise.all(
    ['alpha', 'beta'].map(async (name) =>
      server.client.files.create({ file: await toFile(Buffer.from(`All about ${name}. `.repeat(20)), `${name}.txt`), purpose: 'assistants' }),
    ),
  );
  const created = await server.client.vectorStores.create({ file_ids: files.map((f) => f.id) });
  assert.equal(created.file_counts.total, 2);
  const done = await eventually(() => server.client.vectorStores.retrieve(created.id), (s) => s.status === 'completed');
  assert.deepEqual(done.file_counts, { in_progress: 0, completed: 2, failed: 0, cancelled: 0, total: 2 });
  assert.ok(done.usage_bytes > 0);
  await server.client.vectorStores.delete(created.id);
  assert.equal((await server.client.files.retrieve(files[0]!.id)).id, files[0]!.id);
});

test('invalid parameters are refused with 400 naming the parameter, and nothing is created', async () => {
  const count = async () => (await server.client.vectorStores.list({ limit: 100 })).data.length;
  const before = await count();
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) }, /^metadata/],
    [{ metadata: { ['k'.repeat(65)]: 'v' } }, /^metadata/],
    [{ metadata: { k: 'v'.repeat(513) } }, /^metadata/],
    [{ chunking_strategy: { type: 'static', static: { max_chunk_size_tokens: 50, chunk_overlap_tokens: 0 } } }, /^chunking_strategy/],
    [{ chunking_strategy: { type: 'static', static: { max_chunk_size_tokens: 200, chunk_overlap_tokens: 101 } } }, /^chunking_strategy/],
    [{ expires_after: { anchor: 'last_active_at', days: 0 } }, /^expires_after/],
    [{ colour: 'red' }, /colour/],
    [{ file_ids: ['file-missing'] }, /^file_ids/],
  ];
  for (const [body, param] of cases) {
    const error = await server.client.vectorStores.create(body as never).catch((e: unknown) => e);
    assert.ok(error instanceof OpenAI.BadRequestError, `${JSON.stringify(body)} → ${String(error)}`);
    assert.equal(error.type, 'invalid_request_error');
    assert.match(String(error.param), param, JSON.stringify(body));
  }
  await assert.rejects(server.client.vectorStores.list({ limit: 0 }), OpenAI.BadRequestError);
  await assert.rejects(server.client.vectorStores.list({ order: 'up' as 'asc' }), OpenAI.BadRequestError);
  assert.equal(await count(), before);
});

test('responses carry x-request-id and JSON; bad JSON, unknown routes and empty bodies behave as OpenAI does', async () => {
  const auth = { authorization: 'Bearer sk-test-project-a' };
  const badJson = await fetch(`${server.baseURL}/vector_stores`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"name":' });
  assert.equal(badJson.status, 400);
  assert.match(badJson.headers.get('content-type') ?? '', /^application\/json/);
  assert.ok(badJson.headers.get('x-request-id'));

  const unknown = await fetch(`${server.baseURL}/_stainless_unknown_path`, { headers: auth });
  assert.equal(unknown.status, 404);
  assert.equal(((await unknown.json()) as { error: { type: string } }).error.type, 'invalid_request_error');

  const store = await server.client.vectorStores.create({});
  const empty = await fetch(`${server.baseURL}/vector_stores/${store.id}`, { method: 'DELETE', headers: { ...auth, 'content-type': 'application/json' }, body: '' });
  assert.equal(empty.status, 200);
});

test('a client may choose only the embedders the operator allows for a store', async () => {
  const strict = await startTestServer({ storeEmbedders: 'test:64' });
  try {
    const allowed = (await strict.client.vectorStores.create({ name: 'chosen', embedder: 'test:64' } as never)) as unknown as { embedder: { dimension: number } };
    assert.equal(allowed.embedder.dimension, 64);
    const refused = await strict.client.vectorStores.create({ name: 'sneaky', embedder: 'onnx:/etc' } as never).catch((e: unknown) => e);
    assert.ok(refused instanceof OpenAI.BadRequestError);
    assert.equal(refused.param, 'embedder');
  } finally {
    await strict.close();
  }
});

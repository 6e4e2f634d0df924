import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI, { toFile } from 'openai';
import { KEY_A, KEY_B, startTestServer, type TestServer } from './support/trove-server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

test('a second project never sees the first project\'s files, stores or uploads', async () => {
  const a = server.clientFor(KEY_A);
  const b = server.clientFor(KEY_B);
  const file = await a.files.create({ file: await toFile(Buffer.from('secret plans'), 'secret.txt'), purpose: 'assistants' });
  const store = await a.vectorStores.create({ name: 'private', file_ids: [file.id] });
  const upload = await a.uploads.create({ bytes: 3, filename: 'u.txt', mime_type: 'text/plain', purpose: 'assistants' });

  await assert.rejects(b.files.retrieve(file.id), OpenAI.NotFoundError);
  await assert.rejects(b.files.content(file.id), OpenAI.NotFoundError);
  await assert.rejects(b.files.delete(file.id), OpenAI.NotFoundError);
  await assert.rejects(b.vectorStores.retrieve(store.id), OpenAI.NotFoundError);
  await assert.rejects(b.vectorStores.search(store.id, { query: 'plans' }), OpenAI.NotFoundError);
  await assert.rejects(b.vectorStores.files.list(store.id), OpenAI.NotFoundError);
  await assert.rejects(b.uploads.cancel(upload.id), OpenAI.NotFoundError);
  assert.equal((await b.files.list()).data.some((f) => f.id === file.id), false);
  assert.equal((await b.vectorStores.list()).data.some((s) => s.id === store.id), false);

  // B cannot attach A's file to its own store either.
  const own = await b.vectorStores.create({ name: 'mine' });
  await assert.rejects(b.vectorStores.files.create(own.id, { file_id: file.id }), OpenAI.NotFoundError);

  // A still sees everything it made.
  assert.equal((await a.files.retrieve(file.id)).filename, 'secret.txt');
  assert.equal((await a.vectorStores.retrieve(store.id)).name, 'private');
});

test('a missing key and a wrong key are refused with 401', async () => {
  const missing = await fetch(`${server.baseURL}/vector_stores`);
  assert.equal(missing.status, 401);
  const body = (await missing.json()) as { error: { type: string } };
  assert.equal(body.error.type, 'invalid_request_error');

  const error = await server.clientFor('sk-wrong').vectorStores.list().catch((e: unknown) => e);
  assert.ok(error instanceof OpenAI.AuthenticationError);
  assert.equal(error.code, 'invalid_api_key');
});

test('without configured keys the server is open (and serves on loopback only)', async () => {
  const open = await startTestServer({ apiKeys: '', host: '0.0.0.0' });
  try {
    assert.match(open.trove.url, /^http:\/\/127\.0\.0\.1:/);
    const response = await fetch(`${open.baseURL}/vector_stores`);
    assert.equal(response.status, 200);
  } finally {
    await open.close();
  }
});

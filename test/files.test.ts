import assert from 'node:assert/strict';
import { createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import OpenAI, { toFile } from 'openai';
import { startTestServer, type TestServer } from './support/trove-server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

test('an uploaded file comes back with its exact bytes, name and purpose', async () => {
  const bytes = Buffer.from('héllo wörld ✓\r\nsecond line\n');
  const file = await server.client.files.create({ file: await toFile(bytes, 'notes (draft).txt'), purpose: 'assistants' });
  assert.match(file.id, /^file-[A-Za-z0-9]{24}$/);
  assert.equal(file.object, 'file');
  assert.equal(file.bytes, bytes.length);
  assert.equal(file.filename, 'notes (draft).txt');
  assert.equal(file.purpose, 'assistants');
  assert.equal(file.status, 'processed');
  assert.ok(Number.isInteger(file.created_at) && Math.abs(file.created_at - Date.now() / 1000) < 60);

  const again = await server.client.files.retrieve(file.id);
  assert.deepEqual(again, file);
  const content = Buffer.from(await (await server.client.files.content(file.id)).arrayBuffer());
  assert.ok(content.equals(bytes));
});

test('a streamed upload without content-length keeps every byte', async () => {
  const path = join(server.dataDir, 'streamed.txt');
  const bytes = Buffer.from('stream me\n'.repeat(50_000));
  writeFileSync(path, bytes);
  const file = await server.client.files.create({ file: createReadStream(path), purpose: 'assistants' });
  assert.equal(file.bytes, bytes.length);
  assert.equal(file.filename, 'streamed.txt');
  const content = Buffer.from(await (await server.client.files.content(file.id)).arrayBuffer());
  assert.ok(content.equals(bytes));
});

test('expires_after sets expires_at; list filters by purpose and pages with after', async () => {
  const expiring = await server.client.files.create({
    file: await toFile(Buffer.from('x'), 'x.txt'),
    purpose: 'user_data',
    expires_after: { anchor: 'created_at', seconds: 7200 },
  });
  assert.equal(expiring.expires_at, expiring.created_at + 7200);
  const second = await server.client.files.create({ file: await toFile(Buffer.from('y'), 'y.txt'), purpose: 'user_data' });

  const page = await server.client.files.list({ purpose: 'user_data', limit: 1 });
  assert.deepEqual(page.data.map((f) => f.id), [second.id]);
  assert.equal(page.has_more, true);
  const next = await server.client.files.list({ purpose: 'user_data', limit: 1, after: second.id });
  assert.deepEqual(next.data.map((f) => f.id), [expiring.id]);
  assert.equal(next.has_more, false);
  const all = await server.client.files.list({ purpose: 'user_data', order: 'asc' });
  assert.deepEqual(all.data.map((f) => f.id), [expiring.id, second.id]);
});

test('deleting a file removes it and its bytes; afterwards every route answers 404', async () => {
  const file = await server.client.files.create({ file: await toFile(Buffer.from('bye'), 'bye.txt'), purpose: 'assistants' });
  assert.deepEqual(await server.client.files.delete(file.id), { id: file.id, object: 'file', deleted: true });
  await assert.rejects(server.client.files.retrieve(file.id), OpenAI.NotFoundError);
  await assert.rejects(server.client.files.content(file.id), OpenAI.NotFoundError);
  await assert.rejects(server.client.files.delete(file.id), OpenAI.NotFoundError);
});

test('a wrong purpose or a missing file part is refused with 400 and leaves no file behind', async () => {
  const before = (await server.client.files.list()).data.length;
  const error = await server.client.files
    .create({ file: await toFile(Buffer.from('x'), 'x.txt'), purpose: 'nonsense' as 'assistants' })
    .catch((e: unknown) => e);
  assert.ok(error instanceof OpenAI.BadRequestError);
  assert.equal(error.param, 'purpose');
  assert.equal(error.type, 'invalid_request_error');

  const form = new FormData();
  form.set('purpose', 'assistants');
  const response = await fetch(`${server.baseURL}/files`, { method: 'POST', body: form, headers: { authorization: 'Bearer sk-test-project-a' } });
  assert.equal(response.status, 400);
  const body = (await response.json()) as { error: { param: string } };
  assert.equal(body.error.param, 'file');
  assert.equal((await server.client.files.list()).data.length, before);
});

test('the Azure route form works through AzureOpenAI with an api-key header', async () => {
  const azure = server.azureClient('sk-test-project-a');
  const file = await azure.files.create({ file: await toFile(Buffer.from('azure bytes'), 'azure.txt'), purpose: 'assistants' });
  assert.equal(file.object, 'file');
  const seen = await server.client.files.retrieve(file.id);
  assert.equal(seen.filename, 'azure.txt');
  const store = await azure.vectorStores.create({ name: 'via azure' });
  assert.equal((await azure.vectorStores.retrieve(store.id)).name, 'via azure');
  const raw = await fetch(`${server.trove.url}/openai/vector_stores/${store.id}?api-version=2025-04-01-preview`, {
    headers: { 'api-key': 'sk-test-project-a' },
  });
  assert.equal(raw.status, 200);
  assert.ok(raw.headers.get('x-request-id'));
});

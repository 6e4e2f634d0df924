import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import OpenAI, { toFile } from 'openai';
import { startTestServer, type TestServer } from './support/trove-server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const part = async (uploadId: string, text: string) => server.client.uploads.parts.create(uploadId, { data: await toFile(Buffer.from(text), 'part') });

test('parts added out of order are assembled in part_ids order, with the md5 checked', async () => {
  const chunks = ['alpha ', 'bravo ', 'charlie'];
  const whole = chunks.join('');
  const upload = await server.client.uploads.create({ bytes: whole.length, filename: 'abc.txt', mime_type: 'text/plain', purpose: 'assistants' });
  assert.equal(upload.status, 'pending');
  assert.equal(upload.expires_at - upload.created_at, 3600);
  const [c, b, a] = [await part(upload.id, chunks[2]!), await part(upload.id, chunks[1]!), await part(upload.id, chunks[0]!)];
  assert.match(a.id, /^part_/);

  const wrongMd5 = await server.client.uploads.complete(upload.id, { part_ids: [a.id, b.id, c.id], md5: '0'.repeat(32) }).catch((e: unknown) => e);
  assert.ok(wrongMd5 instanceof OpenAI.BadRequestError);

  const md5 = createHash('md5').update(whole).digest('hex');
  const done = await server.client.uploads.complete(upload.id, { part_ids: [a.id, b.id, c.id], md5 });
  assert.equal(done.status, 'completed');
  assert.ok(done.file);
  assert.equal(done.file.bytes, whole.length);
  assert.equal(done.file.filename, 'abc.txt');
  const bytes = Buffer.from(await (await server.client.files.content(done.file.id)).arrayBuffer());
  assert.equal(bytes.toString(), whole);

  await assert.rejects(part(upload.id, 'late'), OpenAI.BadRequestError);
  await assert.rejects(server.client.uploads.cancel(upload.id), OpenAI.BadRequestError);
});

test('completing with the wrong total or an unknown part is refused; cancel closes the upload', async () => {
  const upload = await server.client.uploads.create({ bytes: 10, filename: 'ten.txt', mime_type: 'text/plain', purpose: 'assistants' });
  const p = await part(upload.id, 'short');
  await assert.rejects(server.client.uploads.complete(upload.id, { part_ids: [p.id] }), OpenAI.BadRequestError);
  await assert.rejects(server.client.uploads.complete(upload.id, { part_ids: ['part_nope'] }), OpenAI.BadRequestError);
  const cancelled = await server.client.uploads.cancel(upload.id);
  assert.equal(cancelled.status, 'cancelled');
  await assert.rejects(part(upload.id, 'more'), OpenAI.BadRequestError);
  await assert.rejects(server.client.uploads.complete(upload.id, { part_ids: [p.id] }), OpenAI.BadRequestError);
});

test('an upload declared over 8 GB is refused with 413', async () => {
  const error = await server.client.uploads
    .create({ bytes: 9 * 1024 ** 3, filename: 'huge.bin', mime_type: 'application/octet-stream', purpose: 'assistants' })
    .catch((e: unknown) => e);
  assert.ok(error instanceof OpenAI.APIError);
  assert.equal(error.status, 413);
});

// Requests a careless or hostile client sends: every one gets a 4xx in OpenAI's error shape with a
// request id, and none holds a connection open without bound.
import assert from 'node:assert/strict';
import { mkdirSync, utimesSync, writeFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { toFile } from 'openai';
import pino from 'pino';
import { configFromEnv } from '../src/config.js';
import { startTrove } from '../src/trove.js';
import { startFakeEmbeddingsServer } from './support/fake-embeddings-server.js';
import { KEY_A, startTestServer, type TestServer } from './support/trove-server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer({ headersTimeoutMs: 500, requestTimeoutMs: 1_500, idleTimeoutMs: 1_000 });
});
after(() => server.close());

const auth = { authorization: `Bearer ${KEY_A}` };

async function assertOpenAiError(response: Response, status: number, code: string | null) {
  assert.equal(response.status, status);
  assert.match(response.headers.get('x-request-id') ?? '', /^req_[0-9a-f]{32}$/);
  const body = (await response.json()) as { error: Record<string, unknown> };
  assert.deepEqual(Object.keys(body), ['error']);
  assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message', 'param', 'type']);
  assert.equal(body.error.type, 'invalid_request_error');
  assert.equal(body.error.code, code);
  return body.error;
}

const multipart = (boundary: string, body: string) => ({
  method: 'POST',
  headers: { ...auth, 'content-type': `multipart/form-data${boundary ? `; boundary=${boundary}` : ''}` },
  body,
});

test('a multipart body without a boundary, or cut short, is a 400 on both upload routes', async () => {
  const upload = await server.client.uploads.create({ bytes: 5, filename: 'a.txt', mime_type: 'text/plain', purpose: 'assistants' });
  const cutShort = (field: string) => `--XX\r\nContent-Disposition: form-data; name="${field}"; filename="a.txt"\r\n\r\nhello wor`;
  for (const [url, field] of [[`${server.baseURL}/files`, 'file'], [`${server.baseURL}/uploads/${upload.id}/parts`, 'data']] as const) {
    await assertOpenAiError(await fetch(url, multipart('', 'abc')), 400, 'invalid_multipart');
    await assertOpenAiError(await fetch(url, multipart('XX', cutShort(field))), 400, 'invalid_multipart');
  }
  assert.equal((await server.client.files.list()).data.length, 0, 'nothing was recorded');
});

test('a path id longer than any id is a 404, and one that is not valid percent-encoding a 400, both in OpenAI shape', async () => {
  await assertOpenAiError(await fetch(`${server.baseURL}/files/${'a'.repeat(500)}`, { headers: auth }), 404, 'not_found');
  await assertOpenAiError(await fetch(`${server.baseURL}/vector_stores/%ff`, { headers: auth }), 400, 'invalid_url');
  // Before authentication too.
  await assertOpenAiError(await fetch(`${server.baseURL}/files/%ff`), 400, 'invalid_url');
});

test('a duplicate form field and a number that is not an integer are refused', async () => {
  const duplicate = new FormData();
  duplicate.append('purpose', 'assistants');
  duplicate.append('purpose', 'batch');
  duplicate.append('file', new Blob(['hello']), 'a.txt');
  const error = await assertOpenAiError(await fetch(`${server.baseURL}/files`, { method: 'POST', headers: auth, body: duplicate }), 400, 'duplicate_parameter');
  assert.equal(error.param, 'purpose');

  for (const seconds of ['1e4', '3600.0', ' 3600', '0x1000']) {
    const form = new FormData();
    form.append('purpose', 'assistants');
    form.append('expires_after[anchor]', 'created_at');
    form.append('expires_after[seconds]', seconds);
    form.append('file', new Blob(['hello']), 'a.txt');
    const refused = await assertOpenAiError(await fetch(`${server.baseURL}/files`, { method: 'POST', headers: auth, body: form }), 400, null);
    assert.equal(refused.param, 'expires_after.seconds', seconds);
  }
  assert.equal((await server.client.files.list()).data.length, 0, 'nothing was recorded');
});

/** Opens a raw connection, writes `head`, and resolves with what the server wrote before closing, and when. */
function rawExchange(head: string, then?: (socket: Socket) => void): Promise<{ text: string; closedAfterMs: number }> {
  const { hostname, port } = new URL(server.trove.url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(Number(port), hostname, () => {
      socket.write(head);
      then?.(socket);
    });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', () => {});
    socket.on('close', () => resolve({ text, closedAfterMs: Date.now() - started }));
    setTimeout(() => reject(new Error(`connection still open after 10 s; received: ${text}`)), 10_000).unref();
  });
}

test('a Content-Length above the limit is refused with 413 before any of the body is read', async () => {
  const { text, closedAfterMs } = await rawExchange(
    `POST /v1/files HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEY_A}\r\nContent-Type: multipart/form-data; boundary=XX\r\nContent-Length: 600000000\r\n\r\n`,
  );
  assert.match(text, /^HTTP\/1\.1 413 /);
  assert.match(text, /x-request-id: req_/);
  assert.match(text, /"code":"request_too_large"/);
  assert.ok(closedAfterMs < 5_000);
});

test('headers that do not arrive in time get a 408 in OpenAI shape and the connection is closed', async () => {
  const { text, closedAfterMs } = await rawExchange('GET /v1/files HTTP/1.1\r\nHost: x\r\n');
  assert.match(text, /^HTTP\/1\.1 408 /);
  assert.match(text, /x-request-id: req_/);
  assert.match(text, /"code":"request_timeout"/);
  assert.ok(closedAfterMs >= 400 && closedAfterMs < 5_000, `closed after ${closedAfterMs} ms`);
});

test('a body that stops arriving, or trickles in past the request deadline, does not hold the connection', async () => {
  const head = `POST /v1/vector_stores HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEY_A}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name":`;
  const stalled = await rawExchange(head);
  assert.ok(stalled.closedAfterMs < 5_000, `stalled body closed after ${stalled.closedAfterMs} ms`);

  let trickle: NodeJS.Timeout | undefined;
  const trickled = await rawExchange(head, (socket) => {
    trickle = setInterval(() => socket.writable && socket.write(' '), 200);
  });
  clearInterval(trickle);
  assert.ok(trickled.closedAfterMs >= 1_000 && trickled.closedAfterMs < 6_000, `trickled body closed after ${trickled.closedAfterMs} ms`);
  assert.match(trickled.text, /^HTTP\/1\.1 408 /);
});

test('a search slower than its budget is answered 503 with retry-after', async () => {
  const fake = await startFakeEmbeddingsServer();
  const slow = await startTestServer({ openaiBaseUrl: fake.baseURL, searchTimeoutMs: 500 });
  try {
    const store = await slow.client.vectorStores.create({ name: 'slow', embedder: 'openai:fake-embed' } as never);
    const file = await slow.client.files.create({ file: await toFile(Buffer.from('a document to find'), 'doc.txt'), purpose: 'assistants' });
    await slow.client.vectorStores.files.createAndPoll(store.id, { file_id: file.id }, { pollIntervalMs: 50 });
    fake.delay(3_000);
    const started = Date.now();
    const response = await fetch(`${slow.baseURL}/vector_stores/${store.id}/search`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'anything at all' }),
    });
    assert.ok(Date.now() - started < 2_500);
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('retry-after'), '1');
    const body = (await response.json()) as { error: { type: string; code: string } };
    assert.equal(body.error.type, 'server_error');
    assert.equal(body.error.code, 'timeout');
  } finally {
    await slow.close();
    await fake.close();
  }
});

test('startup removes temporary files a stopped process left behind, and says so', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'trove-sweep-'));
  try {
    mkdirSync(join(dataDir, 'blobs', 'files'), { recursive: true });
    mkdirSync(join(dataDir, 'indexes'), { recursive: true });
    const longAgo = new Date(Date.now() - 3_600_000 - process.uptime() * 1000);
    const stale = [join(dataDir, 'blobs', 'files', 'file-abc.99999999-0a1b2c.tmp'), join(dataDir, 'indexes', 'vs_abc.a1b2c3.tmp')];
    // pid 1 is always running: that writer may still be at work.
    const live = join(dataDir, 'blobs', 'files', 'file-def.1-0a1b2c.tmp');
    const kept = join(dataDir, 'blobs', 'files', 'file-keep');
    for (const path of [...stale, live, kept]) {
      writeFileSync(path, 'x'.repeat(100));
      utimesSync(path, longAgo, longAgo);
    }
    const lines: Array<Record<string, unknown>> = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const trove = await startTrove({ ...configFromEnv({}), port: 0, dataDir, apiKeys: KEY_A, embedder: 'test' }, log);
    await trove.close();
    assert.deepEqual(stale.map(existsSync), [false, false]);
    assert.ok(existsSync(live) && existsSync(kept));
    const report = lines.find((line) => line.msg === 'removed temporary files left by a stopped process');
    assert.equal(report?.files, 2);
    assert.equal(report?.bytes, 200);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

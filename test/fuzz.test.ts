// Thousands of generated malformed requests across every route (path ids, query strings, headers, JSON
// and multipart bodies, and a few that are not HTTP at all), against a server in its own process. None
// may produce a 5xx; every error is OpenAI's error object with a request id; memory stays bounded.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import OpenAI, { toFile } from 'openai';
import { startFakeLlmServer, type FakeLlmServer } from './support/fake-llm-server.js';
import { seededRandom } from './support/random.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 5_000);
const IN_FLIGHT = 8;
const KEY = 'fuzz-key';

const dataDir = mkdtempSync(join(tmpdir(), 'trove-fuzz-'));
let server: ServerProcess | undefined;
let llm: FakeLlmServer | undefined;
after(async () => {
  await server?.stop('SIGKILL');
  await llm?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const random = seededRandom(20261202);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (p: number) => random() < p;

/** Every route, `{name}` standing for a path id. */
const ROUTES: Array<[string, string]> = [
  ['POST', '/files'], ['GET', '/files'], ['GET', '/files/{file}'], ['DELETE', '/files/{file}'], ['GET', '/files/{file}/content'],
  ['POST', '/uploads'], ['POST', '/uploads/{upload}/parts'], ['POST', '/uploads/{upload}/complete'], ['POST', '/uploads/{upload}/cancel'],
  ['POST', '/vector_stores'], ['GET', '/vector_stores'], ['GET', '/vector_stores/{store}'], ['POST', '/vector_stores/{store}'],
  ['DELETE', '/vector_stores/{store}'], ['POST', '/vector_stores/{store}/search'],
  ['POST', '/vector_stores/{store}/files'], ['GET', '/vector_stores/{store}/files'], ['GET', '/vector_stores/{store}/files/{file}'],
  ['POST', '/vector_stores/{store}/files/{file}'], ['DELETE', '/vector_stores/{store}/files/{file}'],
  ['GET', '/vector_stores/{store}/files/{file}/content'],
  ['POST', '/vector_stores/{store}/file_batches'], ['GET', '/vector_stores/{store}/file_batches/{batch}'],
  ['POST', '/vector_stores/{store}/file_batches/{batch}/cancel'], ['GET', '/vector_stores/{store}/file_batches/{batch}/files'],
  ['POST', '/responses'], ['GET', '/responses/{response}'], ['DELETE', '/responses/{response}'], ['GET', '/responses/{response}/input_items'],
  ['POST', '/chat/completions'], ['GET', '/models'], ['GET', '/models/{model}'],
];

/** Real ids made before the run, so that many requests get past the lookup to the checks behind it. */
type Ids = { file: string; upload: string; store: string; batch: string; response: string; model: string };

const GARBAGE_IDS = [
  '', 'x', '%ff', '%00', '%2e%2e', '..', 'file-', 'vs_', 'a'.repeat(101), 'a'.repeat(3000), '💥', '%F0%9F%92%A5', 'null', '[object Object]',
  'vs_abc%2Fdef', 'file-%20', "'; DROP TABLE files; --", '%25', '__proto__', 'constructor',
];

function pathId(kind: keyof Ids, ids: Ids): string {
  if (chance(0.5)) return ids[kind];
  const id = pick(GARBAGE_IDS);
  return chance(0.2) ? `${ids[kind]}${id}` : id;
}

const QUERY_PARTS = [
  'limit=0', 'limit=-1', 'limit=101', 'limit=abc', 'limit=1e2', 'limit=', 'limit=5&limit=6', 'limit[]=3', 'order=sideways', 'order=',
  'after=%ff', 'after=x', 'before=' + 'b'.repeat(500), 'filter=done', 'filter[]=completed', 'purpose=nope', 'api-version=', 'a=%00',
  'limit=99999999999999999999', 'order=asc&order=desc', '%ff=1', 'after[x]=1',
];

/** A JSON value of a random type, now and then deep or large. */
function anyJson(depth = 0): unknown {
  const roll = random();
  if (depth > 3 || roll < 0.5) return pick([null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, '', 'x', 'ü'.repeat(10), '9'.repeat(40), '💥']);
  if (roll < 0.7) return Array.from({ length: Math.floor(random() * 5) }, () => anyJson(depth + 1));
  if (roll < 0.75) return Array.from({ length: 3000 }, () => 'x');
  const object: Record<string, unknown> = {};
  for (let i = 0; i < Math.floor(random() * 5); i += 1) object[pick(['name', 'file_id', 'file_ids', 'query', 'filters', 'type', 'key', 'value', 'attributes', 'chunking_strategy', 'bytes', 'purpose', 'part_ids', 'metadata', 'expires_after', 'max_num_results', 'ranking_options', '__proto__', 'x'])] = anyJson(depth + 1);
  return object;
}

/** Valid-looking bodies per route, mutated: a field of the wrong type, one unknown, one missing. */
const TEMPLATES: Record<string, () => Record<string, unknown>> = {
  '/uploads': () => ({ bytes: 10, filename: 'a.txt', mime_type: 'text/plain', purpose: 'assistants' }),
  '/uploads/{upload}/complete': () => ({ part_ids: ['part_x'], md5: 'abc' }),
  '/vector_stores': () => ({ name: 'n', metadata: { a: 'b' }, chunking_strategy: { type: 'static', static: { max_chunk_size_tokens: 200, chunk_overlap_tokens: 50 } }, expires_after: { anchor: 'last_active_at', days: 1 } }),
  '/vector_stores/{store}': () => ({ name: 'n', metadata: { a: 'b' } }),
  '/vector_stores/{store}/search': () => ({ query: 'q', filters: { type: 'eq', key: 'k', value: 'v' }, max_num_results: 5, ranking_options: { score_threshold: 0.5 } }),
  '/vector_stores/{store}/files': () => ({ file_id: 'file-x', attributes: { a: 1 } }),
  '/vector_stores/{store}/files/{file}': () => ({ attributes: { a: 1 } }),
  '/vector_stores/{store}/file_batches': () => ({ file_ids: ['file-x'], attributes: { a: 1 } }),
  '/responses': () => ({ model: 'fake-tools', input: 'what is in the files?', tools: [{ type: 'file_search', vector_store_ids: ['vs_x'] }], include: ['file_search_call.results'] }),
  '/chat/completions': () => ({ model: 'fake-plain', messages: [{ role: 'user', content: 'hello' }], temperature: 0.5 }),
};

function jsonBody(route: string): string {
  const roll = random();
  if (roll < 0.15) return pick(['', '{', '{"name":', 'null', '[]', '"x"', '1', '{"a":1}{', '\u0000', '{"name":"\\ud800"}', '{'.repeat(2000) + '}'.repeat(2000)]);
  const template = TEMPLATES[route]?.() ?? {};
  const keys = Object.keys(template);
  if (keys.length > 0 && roll < 0.5) template[pick(keys)] = anyJson();
  else if (roll < 0.65) template[pick(['extra', 'n', '__proto__'])] = anyJson();
  else if (keys.length > 0 && roll < 0.8) delete template[pick(keys)];
  else return JSON.stringify(anyJson());
  return JSON.stringify(template);
}

function multipartBody(): { contentType: string; body: Buffer } {
  const boundary = 'fuzzBoundary';
  const field = (name: string, value: string, filename?: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename === undefined ? '' : `; filename="${filename}"`}\r\n\r\n${value}\r\n`;
  const parts = [
    chance(0.7) ? field('purpose', pick(['assistants', 'batch', 'nope', ''])) : '',
    chance(0.2) ? field('purpose', 'assistants') : '',
    chance(0.2) ? field('expires_after[seconds]', pick(['1e4', '-1', '3600', 'x'])) : '',
    chance(0.2) ? field(pick(['extra', 'file[]', 'data', '__proto__']), 'x') : '',
    chance(0.8) ? field(pick(['file', 'data', 'other']), pick(['hello', '', '\u0000\u0001'.repeat(50)]), pick(['a.txt', '', '../../etc/passwd', 'ü.pdf'])) : '',
  ].join('');
  let body = `${parts}--${boundary}--\r\n`;
  if (chance(0.3)) body = body.slice(0, Math.floor(random() * body.length));
  const contentType = pick([`multipart/form-data; boundary=${boundary}`, `multipart/form-data; boundary=${boundary}`, 'multipart/form-data', 'multipart/form-data; boundary=', `multipart/mixed; boundary=${boundary}`]);
  return { contentType, body: Buffer.from(body) };
}

type Sent = { method: string; url: string; headers: Record<string, string>; body?: Buffer | string };

function generate(base: string, ids: Ids): Sent {
  const [method, template] = pick(ROUTES);
  const prefix = chance(0.1) ? '/openai' : chance(0.1) ? '/near/v1' : '/v1';
  const path = template.replace(/\{(\w+)\}/g, (_, kind: keyof Ids) => pathId(kind, ids));
  const query = chance(0.35) ? `?${Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(QUERY_PARTS)).join('&')}` : '';
  const headers: Record<string, string> = {};
  const auth = random();
  if (auth < 0.8) headers.authorization = `Bearer ${KEY}`;
  else if (auth < 0.85) headers['api-key'] = KEY;
  else if (auth < 0.9) headers.authorization = pick(['Bearer', 'Basic abc', `Bearer ${'k'.repeat(4000)}`, 'bearer  ', `Bearer ${KEY}x`]);
  const sent: Sent = { method, url: `${base}${prefix}${path}${query}`, headers };
  if (method === 'POST') {
    if (template === '/files' || template.endsWith('/parts') ? chance(0.8) : chance(0.1)) {
      const { contentType, body } = multipartBody();
      headers['content-type'] = contentType;
      sent.body = body;
    } else {
      headers['content-type'] = pick(['application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1']);
      sent.body = jsonBody(template);
    }
  }
  return sent;
}

/** Bytes that are not a well-formed HTTP request, sent on their own connection; the answer must still be ours or none. */
const RAW_REQUESTS = [
  'GARBAGE\r\n\r\n',
  'GET /v1/files HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
  'POST /v1/vector_stores HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
  'POST /v1/vector_stores HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n',
  `GET /v1/files HTTP/1.1\r\nHost: x\r\nX-Big: ${'h'.repeat(70_000)}\r\n\r\n`,
  'GET /v1/files HTTP/1.1\r\nHost: x\r\nBad Header Name: 1\r\n\r\n',
  'POST /v1/vector_stores HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
];

function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', () => {});
    socket.on('close', () => resolve(text));
  });
}

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);

test(`${REQUESTS} malformed requests across every route: no 5xx, OpenAI's error shape with a request id, memory bounded, still serving`, async (t) => {
  llm = await startFakeLlmServer();
  server = await startServerProcess({ TROVE_DATA_DIR: dataDir, TROVE_API_KEYS: KEY, TROVE_EMBEDDER: 'test', TROVE_LLM_BASE_URL: llm.baseURL });
  const pid = server.child.pid!;
  const client = new OpenAI({ apiKey: KEY, baseURL: `${server.url}/v1`, maxRetries: 0 });
  const file = await client.files.create({ file: await toFile(Buffer.from('fuzz target text'), 'target.txt'), purpose: 'assistants' });
  const store = await client.vectorStores.create({ name: 'fuzz', file_ids: [file.id] });
  const batch = await client.vectorStores.fileBatches.create(store.id, { file_ids: [file.id] });
  const upload = await client.uploads.create({ bytes: 10, filename: 'u.txt', mime_type: 'text/plain', purpose: 'assistants' });
  const response = await client.responses.create({ model: 'fake-plain', input: 'hello' });
  const ids: Ids = { file: file.id, upload: upload.id, store: store.id, batch: batch.id, response: response.id, model: 'fake-plain' };
  const rssBefore = rssKb(pid);

  const failures: string[] = [];
  let sent = 0;
  const statuses = new Map<number, number>();
  async function sendOne() {
    const request = generate(server!.url, ids);
    const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body }).catch((error: Error) => error);
    if (response instanceof Error) {
      failures.push(`${request.method} ${request.url.slice(0, 120)}: no answer (${response.message})`);
      return;
    }
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    const text = await response.text();
    const problem =
      response.status >= 500 ? `status ${response.status}`
      : !/^req_[0-9a-f]{32}$/.test(response.headers.get('x-request-id') ?? '') ? 'no x-request-id'
      : response.status >= 400 && !isOpenAiError(text) ? `not OpenAI's error shape: ${text.slice(0, 200)}`
      : null;
    if (problem) failures.push(`${request.method} ${request.url.slice(0, 120)} [${String(request.body ?? '').slice(0, 80)}]: ${problem}`);
  }
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (sent < REQUESTS) {
        sent += 1;
        await sendOne();
      }
    }),
  );
  const port = Number(new URL(server.url).port);
  for (const bytes of RAW_REQUESTS) {
    const answer = await rawExchange(port, bytes);
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
    if (answer !== '' && (status >= 500 || status < 400 || !/x-request-id: req_/i.test(answer) || !isOpenAiError(answer.slice(answer.indexOf('\r\n\r\n') + 4)))) {
      failures.push(`raw ${JSON.stringify(bytes.slice(0, 60))}: ${answer.slice(0, 200)}`);
    }
  }

  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} bad answers; statuses: ${JSON.stringify([...statuses])}`);
  for (const status of [200, 400, 401, 404]) {
    assert.ok((statuses.get(status) ?? 0) > 50, `the requests should reach every outcome, ${status} too: ${JSON.stringify([...statuses])}`);
  }
  const grownMb = (rssKb(pid) - rssBefore) / 1024;
  t.diagnostic(`statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; server RSS ${(rssBefore / 1024).toFixed(0)} MB → +${grownMb.toFixed(1)} MB`);
  assert.ok(grownMb < 100, `the server's RSS grew by ${grownMb.toFixed(0)} MB`);
  // Still serving: real work succeeds (the run may have deleted the objects it started with).
  const survivor = await client.files.create({ file: await toFile(Buffer.from('after the storm'), 'after.txt'), purpose: 'assistants' });
  const fresh = await client.vectorStores.create({ name: 'after' });
  await client.vectorStores.files.createAndPoll(fresh.id, { file_id: survivor.id }, { pollIntervalMs: 50 });
  const found = await client.vectorStores.search(fresh.id, { query: 'storm' });
  assert.equal(found.data[0]?.file_id, survivor.id);
});

function isOpenAiError(text: string): boolean {
  try {
    const body = JSON.parse(text) as { error?: Record<string, unknown> };
    const error = body.error;
    return (
      Object.keys(body).length === 1 && typeof error === 'object' && error !== null &&
      typeof error.message === 'string' && typeof error.type === 'string' && 'param' in error && 'code' in error
    );
  } catch {
    return false;
  }
}

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { toFile } from 'openai';
import { prepareDocument } from '../src/ingest/prepare.js';
import { scrape } from './support/metrics-scrape.js';
import { eventually, KEY_A, startTestServer, type TestServer } from './support/trove-server.js';

const METRICS_KEY = 'sk-metrics-reader';

let server: TestServer;
before(async () => {
  server = await startTestServer({ metricsKey: METRICS_KEY });
});
after(() => server.close());

const read = () => scrape(server.trove.url, METRICS_KEY);
const upload = async (name: string, text: string) =>
  server.client.files.create({ file: await toFile(Buffer.from(text), name), purpose: 'assistants' });

const STATIC_100 = { type: 'static', static: { max_chunk_size_tokens: 100, chunk_overlap_tokens: 0 } } as const;
const LONG_TEXT = Array.from({ length: 60 }, (_, i) => `Sentence ${i} tells of the granary, the mill and the ${i}th harvest of barley.`).join(' ');

test('an ingest and a search move the counters by what they did', async () => {
  const prepared = await prepareDocument({ filename: 'long.txt', bytes: Buffer.from(LONG_TEXT), chunking: { maxTokens: 100, overlapTokens: 0 } });
  assert.ok(prepared.ok);
  const longChunks = prepared.pieces.length;
  assert.ok(longChunks >= 5, `the long file makes several chunks (${longChunks})`);
  const expectedChunks = longChunks + 3; // three short files of one chunk each

  const before = await read();
  const store = await server.client.vectorStores.create({ name: 'granary' });
  const files = await Promise.all([
    upload('long.txt', LONG_TEXT),
    upload('a.txt', 'The miller weighed the barley.'),
    upload('b.txt', 'Rain delayed the harvest by a week.'),
    upload('c.txt', 'The granary roof was mended in spring.'),
    upload('empty.txt', ''),
  ]);
  const batch = await server.client.vectorStores.fileBatches.createAndPoll(store.id, { file_ids: files.map((f) => f.id), chunking_strategy: STATIC_100 }, { pollIntervalMs: 50 });
  assert.deepEqual(batch.file_counts, { in_progress: 0, completed: 4, failed: 1, cancelled: 0, total: 5 });

  const ingested = await read();
  const moved = (name: string, labels?: Record<string, string>) => ingested.value(name, labels) - before.value(name, labels);
  assert.equal(moved('trove_ingest_files_completed_total'), 4);
  assert.equal(moved('trove_ingest_files_failed_total', { code: 'invalid_file' }), 1);
  assert.equal(moved('trove_ingest_files_failed_total'), 1);
  assert.equal(moved('trove_chunks_indexed_total'), expectedChunks);
  // Every chunk was embedded exactly once, in however many calls.
  assert.equal(moved('trove_embed_batch_size_sum', { provider: 'test', kind: 'documents' }), expectedChunks);
  assert.ok(moved('trove_embed_duration_seconds_count', { provider: 'test', kind: 'documents' }) >= 1);
  assert.equal(ingested.value('trove_ingest_queue_depth'), 0);
  assert.equal(ingested.value('trove_ingest_oldest_job_age_seconds'), 0);
  assert.equal(moved('trove_http_request_duration_seconds_count', { method: 'POST', route: '/v1/files', status: '200' }), 5);
  assert.equal(moved('trove_http_request_duration_seconds_count', { method: 'POST', route: '/v1/vector_stores/:vector_store_id/file_batches', status: '200' }), 1);

  const results = await server.client.vectorStores.search(store.id, { query: 'barley harvest' });
  assert.ok(results.data.length > 0);

  const searched = await read();
  const stage = (name: string, labels: Record<string, string>) => searched.value(name, labels) - ingested.value(name, labels);
  for (const name of ['keyword', 'vector', 'fusion']) {
    assert.equal(stage('trove_search_stage_duration_seconds_count', { stage: name }), 1, `${name} stage timed once`);
    assert.equal(stage('trove_search_stage_duration_seconds_bucket', { stage: name, le: '+Inf' }), 1);
  }
  assert.equal(stage('trove_embed_duration_seconds_count', { provider: 'test', kind: 'query' }), 1);
  assert.equal(stage('trove_http_request_duration_seconds_count', { method: 'POST', route: '/v1/vector_stores/:vector_store_id/search', status: '200' }), 1);
  // The searched store is now held in memory, scanned exactly: its vectors and their bytes (256-d float32 and more).
  assert.equal(searched.value('trove_vector_stores_loaded', { class: 'exact' }), 1);
  assert.equal(searched.value('trove_vectors_loaded', { class: 'exact' }), expectedChunks);
  assert.ok(searched.value('trove_vector_bytes_loaded', { class: 'exact' }) >= expectedChunks * 256 * 4);
  assert.equal(searched.value('trove_vectors_loaded', { class: 'hnsw' }), 0);
  assert.ok(searched.value('process_resident_memory_bytes') > 0, 'default process metrics are there');
});

test('a request is counted under its route pattern, never its URL', async () => {
  const missing = 'file-doesnotexist';
  await assert.rejects(server.client.files.retrieve(missing));
  await fetch(`${server.trove.url}/no/such/${missing}`);
  const text = await (await fetch(`${server.trove.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_KEY}` } })).text();
  assert.doesNotMatch(text, new RegExp(missing));
  const metrics = await read();
  assert.ok(metrics.value('trove_http_request_duration_seconds_count', { method: 'GET', route: '/v1/files/:file_id', status: '404' }) >= 1);
  assert.ok(metrics.value('trove_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status: '404' }) >= 1);
});

test('metrics are read with the metrics key only; the health probes need no key', async () => {
  for (const headers of [{}, { authorization: `Bearer ${KEY_A}` }, { authorization: 'Bearer wrong' }] as Array<Record<string, string>>) {
    const response = await fetch(`${server.trove.url}/metrics`, { headers });
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as { error: { type: string } }).error.type, 'invalid_request_error');
  }
  const ok = await fetch(`${server.trove.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_KEY}` } });
  assert.equal(ok.status, 200);
  assert.match(ok.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);

  for (const path of ['/healthz', '/health']) {
    const response = await fetch(`${server.trove.url}${path}`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok' });
  }
  const ready = await eventually(() => fetch(`${server.trove.url}/readyz`), (response) => response.status === 200);
  assert.equal(((await ready.json()) as { status: string }).status, 'ready');
});

test('without a metrics key, metrics are open on a server without API keys and closed on one with them', async () => {
  const open = await startTestServer({ apiKeys: '' });
  const closed = await startTestServer({ metricsKey: '' });
  try {
    assert.equal((await fetch(`${open.trove.url}/metrics`)).status, 200);
    const refused = await fetch(`${closed.trove.url}/metrics`, { headers: { authorization: `Bearer ${KEY_A}` } });
    assert.equal(refused.status, 401);
    const { error } = (await refused.json()) as { error: { code: string; message: string } };
    assert.equal(error.code, 'metrics_key_not_set');
    assert.match(error.message, /TROVE_METRICS_KEY/);
  } finally {
    await Promise.all([open.close(), closed.close()]);
  }
});

test('the queue gauges count unfinished jobs and the age of the oldest', async () => {
  // No ingestion slots: attached files wait in the queue.
  const idle = await startTestServer({ ingestConcurrency: 0, apiKeys: '' });
  try {
    const store = await idle.client.vectorStores.create({});
    const files = await Promise.all(['one', 'two'].map(async (word) => idle.client.files.create({ file: await toFile(Buffer.from(word), `${word}.txt`), purpose: 'assistants' })));
    await idle.client.vectorStores.fileBatches.create(store.id, { file_ids: files.map((f) => f.id) });
    const queued = await scrape(idle.trove.url);
    assert.equal(queued.value('trove_ingest_queue_depth'), 2);
    assert.ok(queued.value('trove_ingest_oldest_job_age_seconds') <= 5);
    const aged = await eventually(() => scrape(idle.trove.url), (metrics) => metrics.value('trove_ingest_oldest_job_age_seconds') >= 1, 5_000);
    assert.equal(aged.value('trove_ingest_queue_depth'), 2);
  } finally {
    await idle.close();
  }
});

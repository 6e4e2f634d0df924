import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import OpenAI, { toFile } from 'openai';
import { chunkText } from '../src/chunk/token-chunker.js';
import { startFakeEmbeddingsServer, type FakeEmbeddingsServer } from './support/fake-embeddings-server.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'trove-long-'));
let fake: FakeEmbeddingsServer | undefined;
let server: ServerProcess | undefined;
after(async () => {
  await server?.stop('SIGKILL');
  await fake?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const CHUNKING = { max_chunk_size_tokens: 100, chunk_overlap_tokens: 0 };
/** ~2,100 chunks of 100 tokens. */
const TEXT = Array.from({ length: 8400 }, (_, i) => `Ledger line ${i}: the pump at well ${i % 89} moved ${(i * 7) % 113} litres before the valve ${i % 17} closed.`).join(' ');

const logged = (s: ServerProcess, message: string) => s.logLines.some((line) => line.includes(`"msg":"${message}`));

test('SIGTERM half way through a 2,000-chunk file exits within 15 s, and after a restart the file completes from its saved vectors, every chunk once', async (t) => {
  const chunks = chunkText(TEXT, { maxTokens: 100, overlapTokens: 0 }).length;
  assert.ok(chunks >= 2000, `the file must have at least 2,000 chunks (has ${chunks})`);
  // A slow model: 8 ms per text, so the file takes several seconds.
  fake = await startFakeEmbeddingsServer({ dimension: 64 });
  fake.delayPerInput(8);
  const env = {
    TROVE_DATA_DIR: dataDir, TROVE_API_KEYS: 'long-key', TROVE_EMBEDDER: 'openai:fake-embed',
    TROVE_OPENAI_BASE_URL: fake.baseURL, TROVE_INGEST_CONCURRENCY: '1', TROVE_LOG_LEVEL: 'info',
  };

  // 1. Start, attach the file, and wait for the progress line at 1,000 chunks (about half of them).
  server = await startServerProcess(env);
  let client = new OpenAI({ apiKey: 'long-key', baseURL: `${server.url}/v1`, maxRetries: 0 });
  const store = await client.vectorStores.create({ name: 'long' });
  const file = await client.files.create({ file: await toFile(Buffer.from(TEXT), 'ledger.txt'), purpose: 'assistants' });
  await client.vectorStores.files.create(store.id, { file_id: file.id, chunking_strategy: { type: 'static', static: CHUNKING } });
  const probes = fake.inputsReceived();
  const waitUntil = Date.now() + 60_000;
  while (!logged(server, 'indexing file: ')) {
    assert.ok(Date.now() < waitUntil, 'no progress line within 60 s');
    await new Promise((r) => setTimeout(r, 20));
  }

  // 2. SIGTERM: the process saves what it has and exits, well within 15 s.
  const stopping = Date.now();
  const exited = once(server.child, 'exit');
  server.child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  const stopSeconds = (Date.now() - stopping) / 1000;
  assert.equal(code, 0);
  assert.ok(stopSeconds < 15, `exited after ${stopSeconds} s`);
  assert.ok(logged(server, 'indexing file'), 'a line when the file started');
  assert.ok(logged(server, 'indexing paused for shutdown'), 'a line when it paused');
  const beforeRestart = fake.inputsReceived() - probes;
  assert.ok(beforeRestart < chunks, `the stop must land before the end (${beforeRestart} of ${chunks} sent)`);

  // 3. Restart: the file resumes from its saved vectors and completes.
  server = await startServerProcess(env);
  client = new OpenAI({ apiKey: 'long-key', baseURL: `${server.url}/v1`, maxRetries: 0 });
  const deadline = Date.now() + 60_000;
  let storeFile = await client.vectorStores.files.retrieve(file.id, { vector_store_id: store.id });
  while (storeFile.status === 'in_progress' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    storeFile = await client.vectorStores.files.retrieve(file.id, { vector_store_id: store.id });
  }
  assert.equal(storeFile.status, 'completed');
  assert.ok(logged(server, 'indexing file, resuming from saved vectors'));
  assert.ok(logged(server, 'file indexed'));
  const storeNow = await client.vectorStores.retrieve(store.id);
  assert.deepEqual(storeNow.file_counts, { in_progress: 0, completed: 1, failed: 0, cancelled: 0, total: 1 });
  await server.stop();

  // 4. The model saw each chunk about once in all (the probe at each start aside), and the index holds each chunk once.
  const documentInputs = fake.requests.flatMap((r) => r.inputs).filter((text) => text !== 'dimension probe').length;
  t.diagnostic(`chunks ${chunks}; sent before SIGTERM ${beforeRestart}; exit after ${stopSeconds.toFixed(1)} s; texts embedded in all ${documentInputs}`);
  assert.ok(documentInputs <= chunks * 1.1, `${documentInputs} texts embedded for ${chunks} chunks`);
  const db = new Database(join(dataDir, 'trove.db'), { readonly: true });
  try {
    const rows = db.prepare('SELECT seq FROM chunks WHERE store_id = ? AND file_id = ? ORDER BY seq').pluck().all(store.id, file.id) as number[];
    assert.deepEqual(rows, Array.from({ length: chunks }, (_, i) => i));
    assert.equal(db.prepare(`SELECT count(*) FROM "fts_${store.id}"`).pluck().get(), chunks, 'one keyword row per chunk');
    assert.equal(db.prepare('SELECT count(*) FROM embedded_chunks').pluck().get(), 0, 'no saved vectors left behind');
    assert.equal(db.prepare('SELECT count(*) FROM jobs').pluck().get(), 0, 'no job left behind');
  } finally {
    db.close();
  }
});

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import OpenAI, { toFile } from 'openai';
import { startFakeEmbeddingsServer, type FakeEmbeddingsServer } from './support/fake-embeddings-server.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'trove-shutdown-'));
let fake: FakeEmbeddingsServer;
let server: ServerProcess | undefined;
before(async () => {
  fake = await startFakeEmbeddingsServer({ dimension: 32 });
});
after(async () => {
  await server?.stop('SIGKILL');
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * A server on the fake model (dimension given, so no probe at start) with one file indexed, and a search
 * in flight that waits `delayMs` for the model to embed its query.
 */
async function serverWithSearchInFlight(delayMs: number) {
  fake.delay(0);
  server = await startServerProcess({
    TROVE_DATA_DIR: dataDir, TROVE_API_KEYS: 'stop-key', TROVE_EMBEDDER: 'openai:fake-embed',
    TROVE_OPENAI_BASE_URL: fake.baseURL, TROVE_OPENAI_DIMENSIONS: '32',
  });
  const client = new OpenAI({ apiKey: 'stop-key', baseURL: `${server.url}/v1`, maxRetries: 0, timeout: 60_000 });
  const store = await client.vectorStores.create({ name: 'stop' });
  const file = await client.files.create({ file: await toFile(Buffer.from('The harbour office opens at seven.'), 'hours.txt'), purpose: 'assistants' });
  await client.vectorStores.files.createAndPoll(store.id, { file_id: file.id }, { pollIntervalMs: 50 });
  fake.delay(delayMs);
  const received = fake.requests.length;
  const search = client.vectorStores.search(store.id, { query: 'harbour hours' }).then(
    (page) => ({ ok: true as const, results: page.data.length }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const deadline = Date.now() + 20_000;
  while (fake.requests.length === received) {
    assert.ok(Date.now() < deadline, 'the search reached the model');
    await new Promise((r) => setTimeout(r, 10));
  }
  return { child: server.child, search };
}

test('SIGTERM lets a request in flight finish, then exits 0', async () => {
  const { child, search } = await serverWithSearchInFlight(1500);
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const outcome = await search;
  assert.deepEqual(outcome, { ok: true, results: 1 });
  const [code] = (await exited) as [number | null];
  assert.equal(code, 0);
});

test('SIGTERM cuts off a request that outlasts its 5 s grace and exits well within 15 s', async () => {
  const { child, search } = await serverWithSearchInFlight(60_000);
  const started = Date.now();
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  const seconds = (Date.now() - started) / 1000;
  assert.equal(code, 0);
  assert.ok(seconds >= 4.5 && seconds < 15, `exited after ${seconds} s`);
  assert.equal((await search).ok, false);
});

test('a second signal exits at once', async () => {
  const { child } = await serverWithSearchInFlight(60_000);
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  const started = Date.now();
  child.kill('SIGINT');
  const [code] = (await exited) as [number | null];
  assert.equal(code, 130);
  assert.ok(Date.now() - started < 2000, 'the second signal does not wait');
});

import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { eventually, startTestServer, type TestServer } from './support/trove-server.js';

type Readiness = { status: string; checks: Record<'database' | 'blobs' | 'embedder', { ok: boolean; detail: string }> };

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

async function readyz(target: TestServer = server): Promise<{ status: number; body: Readiness }> {
  const response = await fetch(`${target.trove.url}/readyz`);
  return { status: response.status, body: (await response.json()) as Readiness };
}

test('a running server is live and, once its default embedder is loaded, ready, without an API key', async () => {
  const live = await fetch(`${server.trove.url}/healthz`);
  assert.equal(live.status, 200);
  assert.deepEqual(await live.json(), { status: 'ok' });
  const { body } = await eventually(readyz, (r) => r.status === 200);
  assert.equal(body.status, 'ready');
  assert.deepEqual(Object.fromEntries(Object.entries(body.checks).map(([name, check]) => [name, check.ok])), { database: true, blobs: true, embedder: true });
  assert.match(body.checks.embedder.detail, /^test loaded/);
});

test('the server is unready while its database file is gone, and ready again once it is back', async () => {
  await eventually(readyz, (r) => r.status === 200);
  const path = join(server.dataDir, 'trove.db');
  renameSync(path, `${path}.away`);
  try {
    const { status, body } = await readyz();
    assert.equal(status, 503);
    assert.equal(body.status, 'unready');
    assert.equal(body.checks.database.ok, false);
    assert.match(body.checks.database.detail, /trove\.db was removed or replaced/);
    assert.equal(body.checks.blobs.ok, true);
    // Liveness is not readiness: the process still answers.
    assert.equal((await fetch(`${server.trove.url}/healthz`)).status, 200);
  } finally {
    renameSync(`${path}.away`, path);
  }
  assert.equal((await readyz()).status, 200);
});

test('the server is unready while its blob directory is gone, and ready again once it is back', async () => {
  const path = join(server.dataDir, 'blobs');
  renameSync(path, `${path}.away`);
  try {
    const { status, body } = await readyz();
    assert.equal(status, 503);
    assert.equal(body.checks.blobs.ok, false);
    assert.match(body.checks.blobs.detail, /ENOENT/);
    assert.equal(body.checks.database.ok, true);
  } finally {
    renameSync(`${path}.away`, path);
  }
  assert.equal((await readyz()).status, 200);
});

test('a closed database makes the server unready, saying why', async () => {
  const doomed = await startTestServer();
  try {
    await eventually(() => readyz(doomed), (r) => r.status === 200);
    await doomed.trove.store.close();
    const { status, body } = await readyz(doomed);
    assert.equal(status, 503);
    assert.equal(body.checks.database.ok, false);
    assert.match(body.checks.database.detail, /not open/);
  } finally {
    await doomed.close();
  }
});

test('a default embedder that cannot load keeps the server unready, saying why', async () => {
  const broken = await startTestServer({ embedder: 'onnx:/nonexistent/model' });
  try {
    const { body } = await eventually(() => readyz(broken), (r) => r.body.checks.embedder.detail.includes('failed'));
    assert.equal(body.status, 'unready');
    assert.match(body.checks.embedder.detail, /^onnx:\/nonexistent\/model failed to load: /);
    assert.equal(body.checks.database.ok, true);
  } finally {
    await broken.close();
  }
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import OpenAI from 'openai';
import pino from 'pino';
import { configFromEnv } from '../src/config.js';
import { startTrove } from '../src/trove.js';

type LogLine = Record<string, unknown>;

test('the server logs one JSON line per request with its id, project, route, status and duration', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'trove-log-'));
  const lines: LogLine[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  const trove = await startTrove({ ...configFromEnv({}), port: 0, dataDir, apiKeys: 'team:sk-log-test', embedder: 'test' }, log);
  try {
    const client = new OpenAI({ baseURL: `${trove.url}/v1`, apiKey: 'sk-log-test', maxRetries: 0 });
    const { data: store, response } = await client.vectorStores.create({ name: 'logged' }).withResponse();
    await assert.rejects(client.vectorStores.retrieve('vs_missing'), OpenAI.NotFoundError);
    await assert.rejects(new OpenAI({ baseURL: `${trove.url}/v1`, apiKey: 'wrong', maxRetries: 0 }).vectorStores.list(), OpenAI.AuthenticationError);

    // The line is written once the response is done, which may be just after the client has it.
    const deadline = Date.now() + 5000;
    let requests: LogLine[] = [];
    while (Date.now() < deadline) {
      requests = lines.filter((line) => line.msg === 'request');
      if (requests.length >= 3) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(requests.length, 3, JSON.stringify(requests));
    const [created, missing, refused] = requests as [LogLine, LogLine, LogLine];
    assert.equal(created.reqId, response.headers.get('x-request-id'));
    assert.equal(created.msg, 'request');
    assert.equal(created.level, 30);
    assert.equal(created.project, 'team');
    assert.equal(created.method, 'POST');
    assert.equal(created.route, '/v1/vector_stores');
    assert.equal(created.status, 200);
    assert.equal(typeof created.durationMs, 'number');
    assert.ok((created.durationMs as number) >= 0);
    assert.ok(store.id.startsWith('vs_'));

    assert.equal(missing.route, '/v1/vector_stores/:vector_store_id');
    assert.equal(missing.status, 404);
    assert.equal(missing.project, 'team');
    assert.equal(refused.status, 401);
    assert.equal(refused.project, null);
    assert.notEqual(created.reqId, missing.reqId);
  } finally {
    await trove.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

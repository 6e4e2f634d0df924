import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createSqliteStore } from './sqlite-store.js';

test('a stored response comes back whole, only to its own project, and is gone once deleted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trove-response-rows-'));
  const store = createSqliteStore(dir);
  try {
    const row = {
      id: 'resp_1',
      projectId: 'a',
      createdAt: 1_700_000_000,
      response: { status: 'completed', output: [{ type: 'message', text: 'ünïcødé [1]' }] },
      inputItems: [{ id: 'msg_1', role: 'user', text: 'hi' }],
      conversation: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'ünïcødé [1]' }],
    };
    await store.responses.insert(row);
    assert.deepEqual(await store.responses.get('a', 'resp_1'), row);
    assert.equal(await store.responses.get('b', 'resp_1'), null);
    assert.equal(await store.responses.delete('b', 'resp_1'), false);
    assert.equal(await store.responses.delete('a', 'resp_1'), true);
    assert.equal(await store.responses.get('a', 'resp_1'), null);
    assert.equal(await store.responses.delete('a', 'resp_1'), false);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

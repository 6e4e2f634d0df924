import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatLogLine } from './logger.js';

const at = Date.parse('2026-01-02T15:04:05.120Z');

test('a request line reads as method, route, status, duration, project and request id', () => {
  const line = JSON.stringify({
    level: 30, time: at, pid: 1, hostname: 'h', component: 'http', reqId: 'req_1', project: 'default',
    method: 'POST', route: '/v1/files', status: 200, durationMs: 12.3, msg: 'request',
  });
  assert.equal(formatLogLine(line, false), '15:04:05.120 INFO  POST /v1/files 200 12.3ms project=default req_1\n');
});

test('other lines keep their message and extra fields, and an error its stack', () => {
  const line = JSON.stringify({ level: 50, time: at, pid: 1, hostname: 'h', msg: 'ingestion group crashed', storeId: 'vs_1', err: { message: 'boom', stack: 'Error: boom\n    at x' } });
  assert.equal(formatLogLine(line, false), '15:04:05.120 ERROR ingestion group crashed storeId=vs_1\nError: boom\n    at x\n');
  assert.equal(formatLogLine('not json', false), 'not json\n');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPreparePool } from './prepare-pool.js';

const CHUNKING = { maxTokens: 100, overlapTokens: 0 };
const bytesOf = (text: string) => new TextEncoder().encode(text);
/** Several seconds of tokenizing and chunking on one thread. */
// The pool's threads do not keep a process alive (a server's sockets do); in a test, this timer does.
function keepAlive(): () => void {
  const timer = setInterval(() => {}, 1000);
  return () => clearInterval(timer);
}

const HUGE = bytesOf(Array.from({ length: 300_000 }, (_, i) => `Line ${i} of the tide tables for berth ${i % 41}.`).join(' '));

test('aborting a file mid-parse rejects at once, and the file queued behind it on the same thread is still prepared', async () => {
  const pool = createPreparePool(1);
  const release = keepAlive();
  try {
    const controller = new AbortController();
    const huge = pool.prepare({ filename: 'huge.txt', bytes: HUGE, chunking: CHUNKING }, { signal: controller.signal });
    const small = pool.prepare({ filename: 'small.txt', bytes: bytesOf('Berth 4 opens at six.'), chunking: CHUNKING });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    controller.abort(new Error('detached'));
    await assert.rejects(huge, /detached/);
    assert.ok(Date.now() - started < 500, 'the abort does not wait for the parse');
    const prepared = await small;
    assert.ok(prepared.ok);
    assert.equal(prepared.ok && prepared.pieces[0]!.text, 'Berth 4 opens at six.');
  } finally {
    release();
    await pool.close();
  }
});

test('a file whose signal has already aborted is not sent to a thread', async () => {
  const pool = createPreparePool(1);
  const release = keepAlive();
  try {
    await assert.rejects(pool.prepare({ filename: 'a.txt', bytes: bytesOf('x'), chunking: CHUNKING }, { signal: AbortSignal.abort(new Error('gone')) }), /gone/);
  } finally {
    release();
    await pool.close();
  }
});

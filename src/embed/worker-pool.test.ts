import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { WorkerPool } from './worker-pool.js';

// A fake embedding worker. Each text is a number; its vector is [number, threadId, batch size].
// The texts 'crash', 'exit' and 'fail' make it throw, exit with code 3, or reply with an error.
const FAKE_WORKER = `
const { parentPort, threadId } = require('node:worker_threads');
parentPort.postMessage({ kind: 'ready' });
parentPort.on('message', ({ texts }) => {
  if (texts.includes('crash')) throw new Error('boom');
  if (texts.includes('exit')) process.exit(3);
  if (texts.includes('fail')) return parentPort.postMessage({ kind: 'error', message: 'cannot embed fail' });
  const vectors = texts.map((text) => Float32Array.of(Number(text), threadId, texts.length));
  setTimeout(() => parentPort.postMessage({ kind: 'vectors', vectors }), 2);
});
`;

const makePool = (size: number, source = FAKE_WORKER) =>
  new WorkerPool({ size, createWorker: () => new Worker(source, { eval: true }) });
const numbers = (count: number) => Array.from({ length: count }, (_, i) => String(i));

test('results come back in input order, in batches of at most 32, spread over every worker', async () => {
  const pool = makePool(2);
  try {
    const vectors = await pool.embed(numbers(1000));
    assert.deepEqual(vectors.map((v) => v[0]), numbers(1000).map(Number));
    assert.equal(new Set(vectors.map((v) => v[1])).size, 2);
    assert.equal(Math.max(...vectors.map((v) => v[2])), 32);
  } finally {
    await pool.close();
  }
});

test('a small request is split so that both workers get a share', async () => {
  const pool = makePool(2);
  try {
    const vectors = await pool.embed(numbers(10));
    assert.deepEqual(vectors.map((v) => v[2]), Array(10).fill(5));
    assert.equal(new Set(vectors.map((v) => v[1])).size, 2);
  } finally {
    await pool.close();
  }
});

test('a worker that crashes rejects its batch and is replaced', async () => {
  const pool = makePool(1);
  try {
    await assert.rejects(pool.embed(['crash']), /embedding worker crashed: boom/);
    await assert.rejects(pool.embed(['exit']), /embedding worker exited with code 3/);
    assert.deepEqual((await pool.embed(['7'])).map((v) => v[0]), [7]);
  } finally {
    await pool.close();
  }
});

test('an error reply rejects that batch only and the worker keeps serving', async () => {
  const pool = makePool(1);
  try {
    const [failed, served] = await Promise.allSettled([pool.embed(['fail']), pool.embed(['1'])]);
    assert.equal(failed.status, 'rejected');
    assert.match(String(failed.reason), /cannot embed fail/);
    assert.equal(served.status, 'fulfilled');
  } finally {
    await pool.close();
  }
});

test('warmup rejects when a worker cannot load its model', async () => {
  const pool = makePool(2, `throw new Error('no model here')`);
  try {
    await assert.rejects(pool.warmup(), /no model here/);
  } finally {
    await pool.close();
  }
});

test('close rejects waiting and later batches', async () => {
  const pool = makePool(1);
  await pool.warmup();
  const pending = assert.rejects(pool.embed(numbers(64)), /embedder is closed/);
  await pool.close();
  await pending;
  await assert.rejects(pool.embed(['1']), /embedder is closed/);
});

test('urgent work overtakes the batches already queued', async () => {
  const pool = makePool(1);
  try {
    let bulkDone = false;
    const bulk = pool.embed(numbers(320)).then(() => (bulkDone = true)); // 10 batches of 32, one at a time
    const [vector] = await pool.embed(['7'], { urgent: true });
    assert.equal(vector[0], 7);
    assert.equal(bulkDone, false);
    await bulk;
  } finally {
    await pool.close();
  }
});

test('a worker that reports it cannot load fails warmup and its batch with its own words', async () => {
  const pool = makePool(1, `require('node:worker_threads').parentPort.postMessage({ kind: 'failed', message: 'model folder not found' });`);
  try {
    await assert.rejects(pool.warmup(), /^Error: model folder not found$/);
    await assert.rejects(pool.embed(['1']), /^Error: model folder not found$/);
  } finally {
    await pool.close();
  }
});

// A worker that spins for 'spin' texts: a model call that cannot be interrupted from outside.
const SPINNING_WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.postMessage({ kind: 'ready' });
parentPort.on('message', ({ texts }) => {
  if (texts.includes('spin')) for (;;) {}
  parentPort.postMessage({ kind: 'vectors', vectors: texts.map((text) => Float32Array.of(Number(text))) });
});
`;

test('an aborted call rejects at once, frees a worker stuck in its batch, and the pool serves the next call', async () => {
  const pool = makePool(1, SPINNING_WORKER);
  try {
    const controller = new AbortController();
    const stuck = pool.embed(['spin', 'spin'], { signal: controller.signal });
    const queuedBehind = pool.embed(['1', '2']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    controller.abort(new Error('file detached'));
    await assert.rejects(stuck, /file detached/);
    assert.ok(Date.now() - started < 500, 'the abort does not wait for the batch');
    assert.deepEqual((await queuedBehind).map((v) => v[0]), [1, 2]);
    await assert.rejects(pool.embed(['3'], { signal: AbortSignal.abort(new Error('already gone')) }), /already gone/);
  } finally {
    await pool.close();
  }
});

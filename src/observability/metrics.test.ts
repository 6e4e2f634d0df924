import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Gauge, Histogram } from 'prom-client';
import { searchStageSeconds, setBacklog, setVectorUsage, ingestOldestJobAge, timeSearchStage, vectorBytesLoaded, vectorsLoaded, vectorStoresLoaded } from './metrics.js';

async function count(histogram: Histogram<'stage'>, stage: string): Promise<number> {
  const { values } = await histogram.get();
  return values.find((v) => v.metricName?.endsWith('_count') && v.labels.stage === stage)?.value ?? 0;
}

async function gauge(metric: Gauge<string>, labels: Record<string, string> = {}): Promise<number | undefined> {
  const { values } = await metric.get();
  return values.find((v) => Object.entries(labels).every(([key, value]) => v.labels[key] === value))?.value;
}

test('a timed stage is counted whether it succeeds or throws, and its result or error passes through', async () => {
  const before = await count(searchStageSeconds, 'keyword');
  assert.equal(await timeSearchStage('keyword', async () => 7), 7);
  await assert.rejects(timeSearchStage('keyword', async () => { throw new Error('disk gone'); }), /disk gone/);
  assert.equal((await count(searchStageSeconds, 'keyword')) - before, 2);
});

test('vector usage is summed per store class, and a class with no stores reads zero', async () => {
  setVectorUsage([
    { storeClass: 'exact', vectors: 10, bytes: 1000 },
    { storeClass: 'exact', vectors: 5, bytes: 500 },
  ]);
  assert.equal(await gauge(vectorStoresLoaded, { class: 'exact' }), 2);
  assert.equal(await gauge(vectorsLoaded, { class: 'exact' }), 15);
  assert.equal(await gauge(vectorBytesLoaded, { class: 'exact' }), 1500);
  assert.equal(await gauge(vectorsLoaded, { class: 'hnsw' }), 0);
});

test('the oldest job age counts from its attach time, and an empty queue reads zero', async () => {
  setBacklog({ jobs: 3, oldestAttachedAt: 1_000 }, 1_042);
  assert.equal(await gauge(ingestOldestJobAge), 42);
  setBacklog({ jobs: 0, oldestAttachedAt: null }, 1_042);
  assert.equal(await gauge(ingestOldestJobAge), 0);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLimiter } from './limiter.js';

test('no more than the limit run at once, and every task runs', async () => {
  const limiter = createLimiter(3);
  let running = 0;
  let peak = 0;
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      limiter.run(async () => {
        peak = Math.max(peak, ++running);
        await sleep(2);
        running--;
        return i;
      }),
    ),
  );
  assert.equal(peak, 3);
  assert.deepEqual(results, Array.from({ length: 20 }, (_, i) => i));
});

test('urgent tasks start before the waiting ones, and a failure frees its place', async () => {
  const limiter = createLimiter(1);
  const order: string[] = [];
  const task = (name: string) => () => sleep(1).then(() => order.push(name));
  const first = limiter.run(async () => {
    await sleep(5);
    throw new Error('first fails');
  });
  const later = [limiter.run(task('bulk 1')), limiter.run(task('bulk 2')), limiter.run(task('query'), { urgent: true })];
  await assert.rejects(first, /first fails/);
  await Promise.all(later);
  assert.deepEqual(order, ['query', 'bulk 1', 'bulk 2']);
});

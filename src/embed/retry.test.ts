import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffMs, withRetries, type RetryPolicy } from './retry.js';

const POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };

/** A task that fails `failures` times with the given errors, then succeeds; and the waits it was made to take. */
function makeFlakyTask(failures: number) {
  let calls = 0;
  const waits: number[] = [];
  return {
    task: async () => {
      calls++;
      if (calls <= failures) throw new Error(`failure ${calls}`);
      return 'done';
    },
    wait: async (ms: number) => void waits.push(ms),
    waits,
    calls: () => calls,
  };
}

test('a transient failure is retried with doubling waits until it succeeds', async () => {
  const flaky = makeFlakyTask(3);
  const result = await withRetries(flaky.task, { policy: POLICY, judge: () => ({ retry: true }), wait: flaky.wait });
  assert.equal(result, 'done');
  assert.equal(flaky.calls(), 4);
  assert.equal(flaky.waits.length, 3);
  flaky.waits.forEach((ms, i) => assert.ok(ms >= 75 * 2 ** i && ms <= 125 * 2 ** i, `wait ${i} was ${ms} ms`));
});

test('the wait the service asks for is honoured, up to the cap', async () => {
  const flaky = makeFlakyTask(2);
  const asked = [250, 60_000];
  await withRetries(flaky.task, { policy: POLICY, judge: () => ({ retry: true, afterMs: asked.shift() }), wait: flaky.wait });
  assert.deepEqual(flaky.waits, [250, 1000]);
});

test('the last error is thrown when the attempts run out, and at once when the judge says give up', async () => {
  const exhausted = makeFlakyTask(10);
  await assert.rejects(withRetries(exhausted.task, { policy: POLICY, judge: () => ({ retry: true }), wait: exhausted.wait }), /failure 4/);
  assert.equal(exhausted.calls(), 4);

  const refused = makeFlakyTask(10);
  await assert.rejects(withRetries(refused.task, { policy: POLICY, judge: () => ({ retry: false }), wait: refused.wait }), /failure 1/);
  assert.equal(refused.calls(), 1);
});

test('backoff never exceeds the cap', () => {
  for (let attempt = 1; attempt < 20; attempt++) assert.ok(backoffMs(POLICY, attempt) <= POLICY.maxDelayMs);
});

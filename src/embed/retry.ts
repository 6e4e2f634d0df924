import { setTimeout as sleep } from 'node:timers/promises';

export type RetryPolicy = {
  /** Tries in all, the first one included. */
  attempts: number;
  /** Wait before the first retry (ms); it doubles with each further retry, with ±25% jitter. */
  baseDelayMs: number;
  /** No wait is longer than this (ms), whether computed or asked for by the service. */
  maxDelayMs: number;
};

/** After a failed try: give up, or retry, after `afterMs` when the service said how long to wait. */
export type RetryVerdict = { retry: false } | { retry: true; afterMs?: number };

export type RetryOptions = {
  policy: RetryPolicy;
  judge: (error: unknown) => RetryVerdict;
  wait?: (ms: number) => Promise<unknown>;
};

/** Runs `task` until it succeeds, the judge says give up, or the attempts run out; then throws the last error. */
export async function withRetries<T>(task: () => Promise<T>, options: RetryOptions): Promise<T> {
  const { policy, judge, wait = sleep } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      const verdict = judge(error);
      if (!verdict.retry || attempt >= policy.attempts) throw error;
      await wait(Math.min(policy.maxDelayMs, verdict.afterMs ?? backoffMs(policy, attempt)));
    }
  }
}

/** Exponential backoff with jitter, so that many clients refused at once do not all come back at once. */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  const jitter = 0.75 + Math.random() * 0.5;
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1) * jitter);
}

import { LaneQueue } from './lane-queue.js';

export type Limiter = {
  /** Runs `task` once fewer than the limit are running; `urgent` tasks start before every waiting one. */
  run<T>(task: () => Promise<T>, options?: { urgent?: boolean }): Promise<T>;
};

/** Bounds how many tasks run at once (e.g. requests in flight to one service), first come first served. */
export function createLimiter(concurrency: number): Limiter {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency must be a positive integer, got ${concurrency}`);
  const waiting = new LaneQueue<() => void>();
  let running = 0;

  return {
    async run(task, options = {}) {
      // A finishing task hands its place straight to the next waiting one, so `running` never dips.
      if (running < concurrency) running++;
      else await new Promise<void>((start) => waiting.push(start, options.urgent ?? false));
      try {
        return await task();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else running--;
      }
    },
  };
}

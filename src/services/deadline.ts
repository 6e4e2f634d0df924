import { TroveError } from '../errors.js';

/**
 * Settles as `work` does, or rejects with a 503 (`retry-after` included) once `ms` have passed first.
 * The work itself goes on, unobserved: the point is that no client waits on it without bound.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const seconds = Math.max(1, Math.ceil(ms / 1000));
      reject(new TroveError('unavailable', `The server could not finish ${what} within ${seconds} s. Retry later.`, { code: 'timeout', retryAfterSeconds: seconds }));
    }, ms);
  });
  work.catch(() => {}); // a failure after the deadline has no one left to tell
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

import { APIConnectionError, APIError } from 'openai';
import type { RetryVerdict } from './retry.js';

/** Statuses worth another try: timeout, conflict (OpenAI's lock timeouts), rate limit, and any server error. */
const TRANSIENT = (status: number) => status === 408 || status === 409 || status === 429 || status >= 500;

/** Retry on a connection failure or a transient status, waiting as long as the service asks. */
export function judgeEmbeddingsFailure(error: unknown): RetryVerdict {
  if (error instanceof APIConnectionError) return { retry: true };
  if (!(error instanceof APIError) || error.status === undefined) return { retry: false };
  // Out of credit is a 429 that no wait will cure.
  if (error.code === 'insufficient_quota' || !TRANSIENT(error.status)) return { retry: false };
  return { retry: true, afterMs: retryAfterMs(error.headers) };
}

/**
 * How long the service asked us to wait (ms): `retry-after-ms` (OpenAI, Azure), else `retry-after`
 * in seconds or as an HTTP date. Undefined when it did not say.
 */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers?.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The failure in words an operator can act on; the ingestion worker records the message as the
 * file's `last_error`. The service's own status and message are kept, since they name the cause.
 */
export function describeEmbeddingsFailure(error: unknown, service: { baseURL: string; hasApiKey: boolean; attempts: number }): Error {
  const where = `The embeddings service at ${service.baseURL}`;
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return new Error(`${where} could not be reached after ${service.attempts} attempts: ${error.message}${cause}`, { cause: error });
  }
  if (error instanceof APIError && error.status !== undefined) {
    if (judgeEmbeddingsFailure(error).retry) {
      return new Error(`${where} still failed after ${service.attempts} attempts: ${error.message}`, { cause: error });
    }
    const hint = error.status === 401 && !service.hasApiKey ? ' (TROVE_OPENAI_API_KEY is not set)' : '';
    return new Error(`${where} refused the request: ${error.message}${hint}`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

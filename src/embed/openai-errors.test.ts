import assert from 'node:assert/strict';
import { test } from 'node:test';
import { APIConnectionError, APIError } from 'openai';
import { describeEmbeddingsFailure, judgeEmbeddingsFailure, retryAfterMs } from './openai-errors.js';

const apiError = (status: number, message: string, headers: Record<string, string> = {}, code?: string) =>
  APIError.generate(status, { error: { message, code } }, undefined, new Headers(headers));
const SERVICE = { baseURL: 'http://embeddings.local/v1', hasApiKey: true, attempts: 6 };

test('rate limits, server errors and lost connections are retried; refusals are not', () => {
  assert.deepEqual(judgeEmbeddingsFailure(apiError(429, 'slow down', { 'retry-after': '2' })), { retry: true, afterMs: 2000 });
  assert.deepEqual(judgeEmbeddingsFailure(apiError(503, 'busy')), { retry: true, afterMs: undefined });
  assert.deepEqual(judgeEmbeddingsFailure(new APIConnectionError({ message: 'Connection error.' })), { retry: true });
  for (const status of [400, 401, 403, 404, 422]) assert.deepEqual(judgeEmbeddingsFailure(apiError(status, 'no')), { retry: false });
  assert.deepEqual(judgeEmbeddingsFailure(apiError(429, 'You exceeded your current quota', {}, 'insufficient_quota')), { retry: false });
  assert.deepEqual(judgeEmbeddingsFailure(new TypeError('a bug of ours')), { retry: false });
});

test('retry-after-ms wins over retry-after, which may be seconds or a date', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  assert.equal(retryAfterMs(new Headers({ 'retry-after-ms': '150', 'retry-after': '9' }), now), 150);
  assert.equal(retryAfterMs(new Headers({ 'retry-after': '1.5' }), now), 1500);
  assert.equal(retryAfterMs(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' }), now), 3000);
  assert.equal(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now), undefined);
  assert.equal(retryAfterMs(new Headers(), now), undefined);
});

test('failures are told in words that name the service and its answer', () => {
  assert.equal(
    describeEmbeddingsFailure(apiError(401, 'Incorrect API key provided: sk-bad.'), SERVICE).message,
    'The embeddings service at http://embeddings.local/v1 refused the request: 401 Incorrect API key provided: sk-bad.',
  );
  assert.match(describeEmbeddingsFailure(apiError(401, 'Unauthorized'), { ...SERVICE, hasApiKey: false }).message, /\(TROVE_OPENAI_API_KEY is not set\)$/);
  assert.equal(
    describeEmbeddingsFailure(apiError(503, 'overloaded'), SERVICE).message,
    'The embeddings service at http://embeddings.local/v1 still failed after 6 attempts: 503 overloaded',
  );
  const lost = new APIConnectionError({ message: 'Connection error.', cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
  assert.equal(
    describeEmbeddingsFailure(lost, SERVICE).message,
    'The embeddings service at http://embeddings.local/v1 could not be reached after 6 attempts: Connection error. (connect ECONNREFUSED 127.0.0.1:9)',
  );
});

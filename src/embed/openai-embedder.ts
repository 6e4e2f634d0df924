import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI from 'openai';
import type { EmbedOptions, Embedder } from './embedder.js';
import { createLimiter } from './limiter.js';
import { normalize } from './normalize.js';
import { describeEmbeddingsFailure, judgeEmbeddingsFailure } from './openai-errors.js';
import { withRetries, type RetryPolicy } from './retry.js';
import { batchEnd, truncateToTokens, type SizedText } from './token-budget.js';

export type OpenAiSettings = {
  /** Where `/embeddings` lives, e.g. `https://api.openai.com/v1` or Ollama's `http://127.0.0.1:11434/v1`. */
  baseURL: string;
  /** Empty for services that need none. */
  apiKey: string;
  /** Components to ask for (the text-embedding-3 models can shorten their vectors); undefined: the model's own. */
  dimensions?: number;
};

export type OpenAiEmbedderOptions = OpenAiSettings & {
  model: string;
  /** The dimension a store recorded. Without it, the dimension is `dimensions`, or found by a probe request. */
  dimension?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  retry?: RetryPolicy;
};

/** OpenAI's per-input limit for its embedding models, in cl100k tokens. Longer inputs are cut to it. */
const MAX_INPUT_TOKENS = 8191;
/** Per request: few enough tokens for small local servers, few enough inputs for OpenAI's 2,048 limit. */
const BATCH_LIMITS = { maxTokens: 8000, maxTexts: 2048 };
const REQUEST_TIMEOUT_MS = 120_000;
const PROBE_TEXT = 'dimension probe';
const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 30_000 };

/**
 * An OpenAI-compatible `/v1/embeddings` service (OpenAI, Azure OpenAI's v1 API, Ollama, vLLM, TEI,
 * LM Studio) through the `openai` SDK. Texts go out in token-budgeted batches, at most `concurrency`
 * requests at once across all callers; 429, 5xx and connection failures are retried with backoff,
 * honouring `retry-after`. Vectors come back normalised to unit length.
 */
export async function createOpenAiEmbedder(options: OpenAiEmbedderOptions): Promise<Embedder> {
  const { model } = options;
  const policy = options.retry ?? DEFAULT_RETRY;
  const service = { baseURL: options.baseURL, hasApiKey: options.apiKey !== '', attempts: policy.attempts };
  // Our own retry loop (maxRetries 0) so that the policy and the error message are ours.
  const client = new OpenAI({ baseURL: options.baseURL, apiKey: options.apiKey || 'none', maxRetries: 0, timeout: REQUEST_TIMEOUT_MS });
  const concurrency = options.concurrency ?? 4;
  const limiter = createLimiter(concurrency);
  let dimension = options.dimension ?? options.dimensions;

  async function request(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const dimensions = options.dimensions === undefined ? undefined : dimension;
    let response: OpenAI.CreateEmbeddingResponse;
    try {
      response = await withRetries(() => client.embeddings.create({ model, input: texts, ...(dimensions && { dimensions }) }, { signal }), {
        policy,
        judge: (error) => (signal?.aborted ? { retry: false } : judgeEmbeddingsFailure(error)),
        wait: (ms) => sleep(ms, undefined, { signal }),
      });
    } catch (error) {
      signal?.throwIfAborted();
      throw describeEmbeddingsFailure(error, service);
    }
    const rows = [...response.data].sort((a, b) => a.index - b.index).map((item) => Float32Array.from(item.embedding));
    if (rows.length !== texts.length) {
      throw new Error(`The embeddings service at ${options.baseURL} returned ${rows.length} vectors for ${texts.length} texts.`);
    }
    const wrong = dimension === undefined ? undefined : rows.find((row) => row.length !== dimension);
    if (wrong) {
      throw new Error(`The embeddings service at ${options.baseURL} returned ${wrong.length}-d vectors for ${model}, but ${dimension}-d were expected.`);
    }
    return rows.map(normalize);
  }

  /**
   * Up to `concurrency` lanes each take the next batch when the limiter lets them send, so batches
   * from several files interleave, and tokens are counted one batch at a time rather than all at once
   * (counting a large file in one go would hold the event loop).
   */
  async function embedDocuments(texts: string[], { signal }: EmbedOptions = {}): Promise<Float32Array[]> {
    const sized: SizedText[] = [];
    const size = (i: number) => (sized[i] ??= truncateToTokens(texts[i], MAX_INPUT_TOKENS)).tokens;
    const vectors: Float32Array[] = new Array(texts.length);
    let next = 0;
    let failed = false;
    const sendBatch = async () => {
      if (failed || next >= texts.length) return;
      signal?.throwIfAborted();
      const start = next;
      next = batchEnd(size, start, texts.length, BATCH_LIMITS);
      const batch = sized.slice(start, next).map((input) => input.text);
      try {
        (await request(batch, signal)).forEach((vector, i) => (vectors[start + i] = vector));
      } catch (error) {
        failed = true;
        throw error;
      }
    };
    const lane = async () => {
      while (!failed && next < texts.length) await limiter.run(sendBatch);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, texts.length) }, lane));
    return vectors;
  }

  if (dimension === undefined) {
    const [probe] = await limiter.run(() => request([PROBE_TEXT]));
    dimension = probe.length;
  }

  return {
    provider: 'openai',
    model,
    dimension,
    embedDocuments,
    embedQuery: async (text) => (await limiter.run(() => request([truncateToTokens(text, MAX_INPUT_TOKENS).text]), { urgent: true }))[0],
    close: async () => {},
  };
}

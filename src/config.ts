import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { EmbedderSettings } from './embed/registry.js';
import type { HttpTimeouts } from './server/app.js';

/** Every setting, read from the environment; `trove serve` flags override them. The README lists them all. */
export type Config = {
  host: string;
  port: number;
  dataDir: string;
  /** `TROVE_API_KEYS`: comma-separated `key` or `project:key`; empty means no auth (loopback only). */
  apiKeys: string;
  /** Embedder for new stores: `default` (offline Universal Sentence Encoder), `test` (hashing, for tests and benchmarks), `onnx:<folder or hub name>` or `openai:<model>`. */
  embedder: string;
  /** `TROVE_STORE_EMBEDDERS`: the specs a client may pick per store with the `embedder` body field; `*` allows any. */
  storeEmbedders: string;
  /** Threads for local embedders: the default embedder's worker threads, and each ONNX model's intra-op threads. */
  embedThreads: number;
  /** Where hub models for `onnx:` embedders are downloaded from (into `<dataDir>/models`, once). */
  hfEndpoint: string;
  /** Override the query/document prefixes an ONNX model's name implies (BGE, E5, ...); undefined keeps them, '' removes them. */
  onnxQueryPrefix: string | undefined;
  onnxDocumentPrefix: string | undefined;
  /** The OpenAI-compatible service behind `openai:` embedders. */
  openaiBaseUrl: string;
  openaiApiKey: string;
  /** Vector components to ask an `openai:` model for; 0 means the model's own. */
  openaiDimensions: number;
  ingestConcurrency: number;
  /** HTTP deadlines in ms: headers must arrive within `headersTimeoutMs` of connecting, the whole request within `requestTimeoutMs`; a connection idle for `idleTimeoutMs` is closed. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  /** A search that has not finished within this many ms is answered 503 with `retry-after`. */
  searchTimeoutMs: number;
  logLevel: string;
  /** The OpenAI-compatible chat model behind `/v1/responses` and `/v1/chat/completions`; '' leaves those routes off. */
  llmBaseUrl: string;
  llmApiKey: string;
  /** The model asked for when a request names one the upstream does not serve; '' passes the request's model through. */
  llmModel: string;
  /** Longest wait (ms) for the upstream's first byte, and between two bytes of a streamed answer. */
  llmTimeoutMs: number;
  /** `TROVE_METRICS_KEY`: the bearer key that reads `/metrics`; '' leaves it open only on a server without API keys. */
  metricsKey: string;
};

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got '${raw}'`);
  return value;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = integer(env, name, fallback);
  if (value === 0) throw new Error(`${name} must be a positive integer, got '${env[name]}'`);
  return value;
}

export function configFromEnv(env = process.env): Config {
  return {
    host: env.TROVE_HOST || '127.0.0.1',
    port: integer(env, 'TROVE_PORT', 8787),
    dataDir: resolve(env.TROVE_DATA_DIR || './data'),
    apiKeys: env.TROVE_API_KEYS ?? '',
    embedder: env.TROVE_EMBEDDER || 'default',
    storeEmbedders: env.TROVE_STORE_EMBEDDERS ?? 'default,test',
    embedThreads: integer(env, 'TROVE_EMBED_THREADS', Math.min(2, availableParallelism())),
    hfEndpoint: env.TROVE_HF_ENDPOINT || 'https://huggingface.co',
    onnxQueryPrefix: env.TROVE_ONNX_QUERY_PREFIX,
    onnxDocumentPrefix: env.TROVE_ONNX_DOCUMENT_PREFIX,
    openaiBaseUrl: env.TROVE_OPENAI_BASE_URL || 'https://api.openai.com/v1',
    openaiApiKey: env.TROVE_OPENAI_API_KEY ?? '',
    openaiDimensions: integer(env, 'TROVE_OPENAI_DIMENSIONS', 0),
    ingestConcurrency: integer(env, 'TROVE_INGEST_CONCURRENCY', 4),
    headersTimeoutMs: positive(env, 'TROVE_HEADERS_TIMEOUT_MS', 30_000),
    requestTimeoutMs: positive(env, 'TROVE_REQUEST_TIMEOUT_MS', 900_000),
    idleTimeoutMs: positive(env, 'TROVE_IDLE_TIMEOUT_MS', 60_000),
    searchTimeoutMs: positive(env, 'TROVE_SEARCH_TIMEOUT_MS', 10_000),
    logLevel: env.TROVE_LOG_LEVEL || 'info',
    llmBaseUrl: (env.TROVE_LLM_BASE_URL ?? '').replace(/\/+$/, ''),
    llmApiKey: env.TROVE_LLM_API_KEY ?? '',
    llmModel: env.TROVE_LLM_MODEL ?? '',
    llmTimeoutMs: positive(env, 'TROVE_LLM_TIMEOUT_MS', 120_000),
    metricsKey: env.TROVE_METRICS_KEY ?? '',
  };
}

/** The HTTP deadlines, checked against each other: headers cannot be given longer than the whole request. */
export function httpTimeouts(config: Config): HttpTimeouts {
  if (config.headersTimeoutMs > config.requestTimeoutMs) {
    throw new Error(`TROVE_HEADERS_TIMEOUT_MS (${config.headersTimeoutMs}) must not exceed TROVE_REQUEST_TIMEOUT_MS (${config.requestTimeoutMs})`);
  }
  return { headersMs: config.headersTimeoutMs, requestMs: config.requestTimeoutMs, idleMs: config.idleTimeoutMs };
}

/** The embedder providers' share of the configuration. */
export function embedderSettings(config: Config): EmbedderSettings {
  return {
    threads: config.embedThreads,
    onnx: {
      modelsDir: join(config.dataDir, 'models'),
      hubEndpoint: config.hfEndpoint,
      queryPrefix: config.onnxQueryPrefix,
      documentPrefix: config.onnxDocumentPrefix,
    },
    openai: { baseURL: config.openaiBaseUrl, apiKey: config.openaiApiKey, dimensions: config.openaiDimensions || undefined },
  };
}

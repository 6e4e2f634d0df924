// Worker thread for a local ONNX model through transformers.js: loads the model once (downloading it
// into the models folder the first time, for a hub name), then answers one batch at a time.
// onnxruntime-node's run() is synchronous on the calling thread, hence a worker.
// Started by onnx-embedder.ts through WorkerPool; a model that does not load is reported as `failed`.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { env, LogLevel, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { normalize } from './normalize.js';
import { conventionsFor, poolingOf, type Pooling } from './onnx-model-families.js';
import type { WorkerReply, WorkerRequest } from './worker-pool.js';

export type OnnxWorkerData = {
  /** An absolute folder path, or a hub name such as `Xenova/bge-small-en-v1.5`. */
  model: string;
  local: boolean;
  /** Where hub models are downloaded once, in transformers.js's cache layout (`<modelsDir>/<org>/<name>/…`). */
  modelsDir: string;
  hubEndpoint: string;
  /** onnxruntime's intra-op threads for this model. */
  threads: number;
};

/** Without it a silent network (packets dropped, not refused) would stall a download for minutes. */
const ANSWER_TIMEOUT_MS = 30_000;
const POOLING_FILE = join('1_Pooling', 'config.json');

if (parentPort === null) throw new Error('onnx-worker.js must run in a worker thread');
const port = parentPort;
const data = workerData as OnnxWorkerData;

/** Aborts a request whose response headers do not arrive in time; a body already streaming is left alone. */
async function fetchWithTimeout(input: string | URL, init: RequestInit = {}): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no answer from ${String(input)} within ${ANSWER_TIMEOUT_MS / 1000} s`)), ANSWER_TIMEOUT_MS);
  try {
    return await fetch(input, { ...init, signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The model's `1_Pooling/config.json`: read from the folder, or for a hub model fetched once and kept
 * beside the downloaded files, so that later starts need no network. A hub model without one gets a
 * placeholder for the same reason.
 */
async function readPoolingConfig(): Promise<Record<string, unknown>> {
  const path = join(data.local ? data.model : join(data.modelsDir, data.model), POOLING_FILE);
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  if (data.local) return {};
  const response = await fetchWithTimeout(`${data.hubEndpoint.replace(/\/$/, '')}/${data.model}/resolve/main/${POOLING_FILE}`);
  if (response.status !== 404 && !response.ok) throw new Error(`fetching ${POOLING_FILE} answered ${response.status}`);
  const config = response.ok ? ((await response.json()) as Record<string, unknown>) : { trove_note: 'the hub has no pooling config for this model' };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(config));
  return config;
}

async function load(): Promise<{ extractor: FeatureExtractionPipeline; pooling: Pooling }> {
  env.logLevel = LogLevel.ERROR;
  env.cacheDir = data.modelsDir;
  env.remoteHost = data.hubEndpoint;
  env.allowRemoteModels = !data.local;
  // Otherwise a hub name is first looked for inside node_modules.
  env.allowLocalModels = data.local;
  env.fetch = fetchWithTimeout;
  const extractor = await pipeline('feature-extraction', data.model, {
    cache_dir: data.modelsDir,
    local_files_only: data.local,
    session_options: { intraOpNumThreads: data.threads, interOpNumThreads: 1 },
  });
  const pooling = poolingOf(await readPoolingConfig()) ?? conventionsFor(data.model).pooling ?? 'mean';
  return { extractor, pooling };
}

function explain(error: unknown): string {
  const reason = error instanceof Error ? error.message + (error.cause instanceof Error ? ` (${error.cause.message})` : '') : String(error);
  const where = data.local ? `from ${data.model}` : `"${data.model}" from ${data.hubEndpoint} into ${data.modelsDir}`;
  return `Could not load the ONNX model ${where}: ${reason}`;
}

try {
  const { extractor, pooling } = await load();
  port.on('message', async ({ texts }: WorkerRequest) => {
    try {
      // Texts past the tokenizer's model_max_length are truncated; the output is [texts, dimension].
      const output = await extractor(texts, { pooling, normalize: false });
      const [count, dimension] = output.dims;
      const values = output.data as Float32Array;
      const vectors = Array.from({ length: count }, (_, i) => Float32Array.from(values.subarray(i * dimension, (i + 1) * dimension)));
      vectors.forEach(normalize);
      port.postMessage({ kind: 'vectors', vectors } satisfies WorkerReply, vectors.map((vector) => vector.buffer));
    } catch (error) {
      port.postMessage({ kind: 'error', message: error instanceof Error ? error.message : String(error) } satisfies WorkerReply);
    }
  });
  port.postMessage({ kind: 'ready' } satisfies WorkerReply);
} catch (error) {
  port.postMessage({ kind: 'failed', message: explain(error) } satisfies WorkerReply);
}

import { isAbsolute } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Embedder } from './embedder.js';
import { conventionsFor } from './onnx-model-families.js';
import type { OnnxWorkerData } from './onnx-worker.js';
import { WorkerPool } from './worker-pool.js';

export type OnnxSettings = {
  /** Where hub models are downloaded once: `<TROVE_DATA_DIR>/models`. */
  modelsDir: string;
  /** The Hugging Face hub, or a mirror of it. */
  hubEndpoint: string;
  /** onnxruntime's intra-op threads per model, so that inference never takes every core. */
  threads: number;
  /** Override the prefixes that a model family's name implies; '' means none. */
  queryPrefix?: string;
  documentPrefix?: string;
};

export type OnnxEmbedderOptions = OnnxSettings & {
  /** An absolute folder path, or a hub name such as `Xenova/bge-small-en-v1.5`. */
  model: string;
  /** The dimension a store recorded; the model must produce it. */
  dimension?: number;
};

const HUB_NAME = /^[\w.-]+(\/[\w.-]+)?$/;

/**
 * A sentence-transformers model in ONNX form, run by transformers.js in one worker thread. Loads the
 * model and embeds a probe text before returning, so that a model that does not load fails here, and
 * the dimension is known.
 */
export async function createOnnxEmbedder(options: OnnxEmbedderOptions): Promise<Embedder> {
  const { model } = options;
  const local = isAbsolute(model);
  if (!local && !HUB_NAME.test(model)) {
    throw new Error(`"onnx:${model}" names neither an absolute folder path nor a hub model such as onnx:Xenova/bge-small-en-v1.5`);
  }
  const family = conventionsFor(model);
  const queryPrefix = options.queryPrefix ?? family.queryPrefix;
  const documentPrefix = options.documentPrefix ?? family.documentPrefix;
  const workerData: OnnxWorkerData = { model, local, modelsDir: options.modelsDir, hubEndpoint: options.hubEndpoint, threads: options.threads };
  const pool = new WorkerPool({
    size: 1,
    // Resolved beside the compiled module, which runs from dist/src/embed/.
    createWorker: () => new Worker(new URL('./onnx-worker.js', import.meta.url), { workerData }),
  });

  let dimension: number;
  try {
    await pool.warmup();
    [{ length: dimension }] = await pool.embed([`${documentPrefix}dimension probe`]);
  } catch (error) {
    await pool.close();
    throw error;
  }
  if (options.dimension !== undefined && dimension !== options.dimension) {
    await pool.close();
    throw new Error(`the ONNX model ${model} now gives ${dimension}-d vectors, not the ${options.dimension}-d it was recorded with`);
  }

  return {
    provider: 'onnx',
    model,
    dimension,
    embedDocuments: (texts, { signal } = {}) => pool.embed(texts.map((text) => documentPrefix + text), { signal }),
    embedQuery: async (text) => (await pool.embed([queryPrefix + text], { urgent: true }))[0],
    close: () => pool.close(),
  };
}

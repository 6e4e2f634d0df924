import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Embedder } from './embedder.js';
import type { UseBackend } from './use-backends.js';
import type { UseWorkerData } from './use-worker.js';
import { embedInWindows } from './word-windows.js';
import { WorkerPool } from './worker-pool.js';

/** USE reads only about the first 128 tokens of a text; 80 words of punctuated English stay under that. */
export const DEFAULT_WINDOW_WORDS = 80;
/**
 * Windows per message to a worker. A search query overtakes queued batches but waits for the one its
 * worker is running: 8 windows take about 0.2 s on one core with onnxruntime, and larger batches run no faster.
 */
const WINDOWS_PER_BATCH = 8;

export type UseEmbedderOptions = {
  /** Worker threads, each holding its own copy of the model (~30 MB) and running one batch at a time. Default: min(2, cores). */
  threads?: number;
  /** Words per window for long texts; 0 embeds only what the model reads of each text. */
  windowWords?: number;
  /** Default `onnxruntime`; `tensorflow` is the original path, kept to measure against. */
  backend?: UseBackend;
};

export interface UseEmbedder extends Embedder {
  /** Starts the workers and loads the model now rather than on the first embedding. */
  warmup(): Promise<void>;
}

/**
 * USE's vocabulary is case-sensitive and learnt from ordinary prose, so TEXT IN CAPITALS lands far from
 * the same words in lower case (on NPL's all-caps queries, the mean cosine to relevant documents is
 * 0.34 as given and 0.71 lower-cased). Text that is mostly capitals is lower-cased; other text keeps its case.
 */
export function naturalCase(text: string): string {
  const upper = text.match(/\p{Lu}/gu)?.length ?? 0;
  const lower = text.match(/\p{Ll}/gu)?.length ?? 0;
  return upper > 4 * lower ? text.toLowerCase() : text;
}

/**
 * The offline default: Universal Sentence Encoder (512-d) from npm, run in worker threads so that
 * embedding never blocks the event loop. Nothing starts until the first call.
 */
export function createUseEmbedder(options: UseEmbedderOptions = {}): UseEmbedder {
  const windowWords = options.windowWords ?? DEFAULT_WINDOW_WORDS;
  // One intra-op thread per worker: the workers are the parallelism, and a thread pool per model
  // would spin against the other workers for the same cores.
  const workerData: UseWorkerData = { backend: options.backend ?? 'onnxruntime', threads: 1 };
  const pool = new WorkerPool({
    size: options.threads ?? Math.min(2, availableParallelism()),
    // Resolved beside the compiled module, which runs from dist/src/embed/.
    createWorker: () => new Worker(new URL('./use-worker.js', import.meta.url), { workerData }),
    maxBatchSize: WINDOWS_PER_BATCH,
  });
  const embedDocuments = (texts: string[]) => embedInWindows(texts.map(naturalCase), windowWords, (windows) => pool.embed(windows));
  const embedQuery = async (text: string) =>
    (await embedInWindows([naturalCase(text)], windowWords, (windows) => pool.embed(windows, { urgent: true })))[0];

  return {
    provider: 'default',
    model: 'universal-sentence-encoder',
    dimension: 512,
    embedDocuments,
    embedQuery,
    warmup: () => pool.warmup(),
    close: () => pool.close(),
  };
}

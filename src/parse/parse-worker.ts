// The entry point of a parse worker thread (see parse-worker-pool.ts): it parses one file at a time.
import { parentPort } from 'node:worker_threads';
import { BINARY_PARSERS } from './binary-parsers.js';
import type { ParseReply, ParseRequest } from './parse-worker-pool.js';

const port = parentPort!;
const parsers = new Map(BINARY_PARSERS.map((parser) => [parser.format, parser]));

port.on('message', async ({ format, filename, bytes }: ParseRequest) => {
  let reply: ParseReply;
  try {
    const parser = parsers.get(format);
    if (parser === undefined) throw new Error(`the parse worker has no parser for ${format}`);
    // Buffers arrive as plain Uint8Arrays; the parsers take Buffers.
    reply = { outcome: await parser.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), filename) };
  } catch (error) {
    // A parser throws only on a bug: hand it to the main thread, which throws it there.
    reply = { error: (error as Error).stack ?? String(error) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true } satisfies ParseReply);

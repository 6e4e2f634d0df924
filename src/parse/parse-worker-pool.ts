import { Worker } from 'node:worker_threads';
import { parseFailure, type ParseOutcome } from './parser.js';

export type ParseRequest = { format: string; filename: string; bytes: Uint8Array };
/** What a worker posts: `ready` once its parsers have loaded, then one answer per file. */
export type ParseReply = { ready: true } | { outcome: ParseOutcome } | { error: string };

export type ParseWorkerPoolOptions = {
  /** Worker threads, so files parsed at once; more wait their turn. */
  size: number;
  /**
   * V8 heap limit of each worker, in MB (`maxOldGenerationSizeMb`). File bytes and inflated data live in
   * ArrayBuffers outside it; for Office files the ZIP budget (zip-archive.ts) bounds those.
   */
  memoryMb: number;
  /** Time allowed for one file, in ms: a base plus a share per MB of the file. */
  baseTimeoutMs: number;
  timeoutMsPerMb: number;
  /** An idle worker exits after this many ms, giving its memory back. */
  idleMs: number;
};

export const DEFAULT_PARSE_WORKER_OPTIONS: ParseWorkerPoolOptions = {
  // One per thread that parses: ingestion already parses on a few prepare threads (src/ingest/prepare-pool.ts),
  // each with its own pool, so this bounds parse workers (and their heaps) to the prepare thread count.
  size: 1,
  memoryMb: 1024,
  baseTimeoutMs: 60_000,
  timeoutMsPerMb: 1_000,
  idleMs: 30_000,
};

export type ParseWorkerPool = {
  /** Parses in a worker thread. A timeout, crash or out-of-memory is an `invalid_file` outcome; a parser's bug rejects. */
  parse(request: ParseRequest & { bytes: Buffer }): Promise<ParseOutcome>;
  /** Ends every worker; files still waiting reject. */
  close(): Promise<void>;
};

// Resolved beside this module, so it works from dist/src/parse/.
const WORKER_SCRIPT = new URL('./parse-worker.js', import.meta.url);

type Job = { request: ParseRequest; resolve(outcome: ParseOutcome): void; reject(error: Error): void };
type Slot = { worker: Worker; ready: boolean; job?: Job; timer?: ReturnType<typeof setTimeout>; retired?: boolean };

/**
 * A few long-lived worker threads for the binary parsers. A worker that overruns its time budget is
 * terminated; one that crashes or runs out of memory dies by itself. Either way its file fails with
 * `invalid_file`, and a fresh worker takes the next file. Workers start on demand.
 */
export function createParseWorkerPool(options: ParseWorkerPoolOptions = DEFAULT_PARSE_WORKER_OPTIONS): ParseWorkerPool {
  const slots = new Set<Slot>();
  const queue: Job[] = [];
  const stopped = parseFailure('invalid_file', 'The parser stopped unexpectedly; the file may be corrupt.');

  function spawn(): Slot {
    const worker = new Worker(WORKER_SCRIPT, { resourceLimits: { maxOldGenerationSizeMb: options.memoryMb } });
    const slot: Slot = { worker, ready: false };
    worker.on('message', (reply: ParseReply) => {
      if ('ready' in reply) {
        slot.ready = true;
        return dispatch();
      }
      finish(slot, 'outcome' in reply ? reply.outcome : new Error(`parser failed: ${reply.error}`));
    });
    // The worker is gone after an 'error'; its 'exit' follows.
    worker.on('error', (error: Error & { code?: string }) => {
      retire(slot);
      const outOfMemory = `Parsing needed more than ${options.memoryMb} MB of memory; the file may be corrupt or too complex.`;
      finish(slot, error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? parseFailure('invalid_file', outOfMemory) : stopped);
    });
    worker.on('exit', () => {
      slots.delete(slot);
      retire(slot);
      finish(slot, stopped);
      // A worker that could not even load its parsers fails the next file rather than being restarted forever.
      if (!slot.ready) queue.shift()?.resolve(stopped);
      dispatch();
    });
    slots.add(slot);
    return slot;
  }

  function dispatch(): void {
    while (queue.length > 0) {
      // A file's time budget starts once a worker has loaded its parsers: starting a thread is not the file's doing.
      const slot = [...slots].find((candidate) => candidate.ready && candidate.job === undefined && !candidate.retired);
      if (slot === undefined) {
        // A retired worker counts until it has exited, so the pool never holds more than `size` threads.
        let starting = [...slots].filter((candidate) => !candidate.ready && !candidate.retired).length;
        for (; starting < queue.length && slots.size < options.size; starting += 1) spawn();
        return;
      }
      start(slot, queue.shift()!);
    }
  }

  function start(slot: Slot, job: Job): void {
    clearTimeout(slot.timer);
    slot.job = job;
    slot.worker.ref();
    const budgetMs = options.baseTimeoutMs + (options.timeoutMsPerMb * job.request.bytes.length) / 1_000_000;
    slot.timer = setTimeout(() => {
      retire(slot);
      const seconds = Number((budgetMs / 1000).toFixed(1));
      finish(slot, parseFailure('invalid_file', `Parsing took longer than ${seconds} s; the file may be corrupt or too complex.`));
    }, budgetMs);
    slot.worker.postMessage(job.request);
  }

  function finish(slot: Slot, result: ParseOutcome | Error): void {
    const { job } = slot;
    if (job === undefined) return;
    slot.job = undefined;
    clearTimeout(slot.timer);
    if (result instanceof Error) job.reject(result);
    else job.resolve(result);
    if (slot.retired) return;
    // Idle: let the process exit around it, and end it if no work comes.
    slot.worker.unref();
    slot.timer = setTimeout(() => retire(slot), options.idleMs).unref();
    dispatch();
  }

  function retire(slot: Slot): void {
    if (slot.retired) return;
    slot.retired = true;
    clearTimeout(slot.timer);
    void slot.worker.terminate();
  }

  return {
    parse({ format, filename, bytes }) {
      return new Promise((resolve, reject) => {
        queue.push({ request: { format, filename, bytes }, resolve, reject });
        dispatch();
      });
    },
    async close() {
      for (const job of queue.splice(0)) job.reject(new Error('the parse worker pool was closed'));
      await Promise.all([...slots].map((slot) => slot.worker.terminate()));
    },
  };
}

import { Worker } from 'node:worker_threads';
import type { PrepareInput, Prepared } from './prepare.js';

type Pending = { resolve: (prepared: Prepared) => void; reject: (error: Error) => void };
type Thread = { worker: Worker; pending: Map<number, Pending> };

export type PreparePool = { prepare(input: PrepareInput): Promise<Prepared>; close(): Promise<void> };

/**
 * Parsing and tokenizing are the CPU-heavy part of ingestion; a few threads do them so the main
 * thread stays free for HTTP and SQLite. Each file goes to the thread with the fewest in hand.
 * A thread that dies rejects what it held (the job is retried) and is replaced.
 */
export function createPreparePool(size: number): PreparePool {
  const threads: Thread[] = [];
  let nextId = 0;
  let closed = false;

  function spawn(): Thread {
    const thread: Thread = { worker: new Worker(new URL('./prepare-worker.js', import.meta.url)), pending: new Map() };
    thread.worker.on('message', ({ id, result, failure }: { id: number; result?: Prepared; failure?: string }) => {
      const task = thread.pending.get(id);
      thread.pending.delete(id);
      if (failure !== undefined) task?.reject(new Error(failure));
      else task?.resolve(result!);
    });
    const fail = (error: Error) => {
      for (const task of thread.pending.values()) task.reject(error);
      thread.pending.clear();
      const i = threads.indexOf(thread);
      if (i >= 0) threads.splice(i, 1);
    };
    thread.worker.on('error', fail);
    thread.worker.on('exit', (code) => fail(new Error(`a prepare thread stopped (exit code ${code})`)));
    // An idle pool must not keep the process alive.
    thread.worker.unref();
    return thread;
  }

  return {
    prepare(input) {
      if (closed) return Promise.reject(new Error('the prepare pool is closed'));
      while (threads.length < size) threads.push(spawn());
      const thread = threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        thread.pending.set(id, { resolve, reject });
        thread.worker.postMessage({ id, input });
      });
    },
    async close() {
      closed = true;
      await Promise.all(threads.splice(0).map((t) => t.worker.terminate()));
    },
  };
}

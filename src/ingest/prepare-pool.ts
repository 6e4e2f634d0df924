import { Worker } from 'node:worker_threads';
import type { PrepareInput, Prepared } from './prepare.js';

type Pending = { input: PrepareInput; resolve: (prepared: Prepared) => void; reject: (error: Error) => void };
type Thread = { worker: Worker; pending: Map<number, Pending> };

export type PreparePool = { prepare(input: PrepareInput, options?: { signal?: AbortSignal }): Promise<Prepared>; close(): Promise<void> };

/**
 * Parsing and tokenizing are the CPU-heavy part of ingestion; a few threads do them so the main
 * thread stays free for HTTP and SQLite. Each file goes to the thread with the fewest in hand.
 * A thread that dies rejects what it held (the job is retried) and is replaced. A file whose signal
 * aborts while its thread works on it takes the thread down with it (a parser cannot be interrupted);
 * the files queued behind it move to another thread.
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
      retire(thread);
    };
    thread.worker.on('error', fail);
    thread.worker.on('exit', (code) => fail(new Error(`a prepare thread stopped (exit code ${code})`)));
    // An idle pool must not keep the process alive.
    thread.worker.unref();
    return thread;
  }

  function retire(thread: Thread): void {
    const i = threads.indexOf(thread);
    if (i >= 0) threads.splice(i, 1);
  }

  function post(id: number, task: Pending): Thread {
    while (threads.length < size) threads.push(spawn());
    const thread = threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    thread.pending.set(id, task);
    thread.worker.postMessage({ id, input: task.input });
    return thread;
  }

  /** Drops a task; when its thread was already working on it (the first in hand), the thread goes too. */
  function abandon(id: number, reason: Error): void {
    const thread = threads.find((t) => t.pending.has(id));
    if (thread === undefined) return;
    const working = thread.pending.keys().next().value === id;
    thread.pending.get(id)!.reject(reason);
    thread.pending.delete(id);
    if (!working) return;
    retire(thread);
    const waiting = [...thread.pending.entries()];
    thread.pending.clear();
    void thread.worker.terminate();
    for (const [waitingId, task] of waiting) post(waitingId, task);
  }

  return {
    prepare(input, { signal } = {}) {
      if (closed) return Promise.reject(new Error('the prepare pool is closed'));
      if (signal?.aborted) return Promise.reject(signal.reason as Error);
      const id = nextId++;
      return new Promise<Prepared>((resolve, reject) => {
        const onAbort = () => abandon(id, signal!.reason as Error);
        const settle = () => signal?.removeEventListener('abort', onAbort);
        post(id, {
          input,
          resolve: (prepared) => (settle(), resolve(prepared)),
          reject: (error) => (settle(), reject(error)),
        });
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    async close() {
      closed = true;
      await Promise.all(threads.splice(0).map((t) => t.worker.terminate()));
    },
  };
}

import type { Worker } from 'node:worker_threads';
import { LaneQueue } from './lane-queue.js';

/** What the pool posts to a worker: one batch of texts. */
export type WorkerRequest = { texts: string[] };
/**
 * What a worker posts back: `ready` once after its model loads (or `failed`, saying why it cannot,
 * before it exits), then one answer per request.
 */
export type WorkerReply =
  | { kind: 'ready' }
  | { kind: 'failed'; message: string }
  | { kind: 'vectors'; vectors: Float32Array[] }
  | { kind: 'error'; message: string };

export type WorkerPoolOptions = {
  size: number;
  createWorker: () => Worker;
  /** Texts per message, at most. */
  maxBatchSize?: number;
};

type Task = { texts: string[]; resolve: (vectors: Float32Array[]) => void; reject: (error: Error) => void };
type Slot = { worker: Worker; task: Task | undefined; ready: Promise<void>; markFailed: (error: Error) => void };

/**
 * Spreads embedding batches over up to `size` worker threads, one batch in flight per worker, started
 * on first use. A worker that crashes rejects its batch and is replaced when work is waiting.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue = new LaneQueue<Task>();
  private readonly maxBatchSize: number;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) {
      throw new Error(`worker pool size must be a positive integer, got ${options.size}`);
    }
    this.maxBatchSize = options.maxBatchSize ?? 32;
  }

  /**
   * Returns one vector per text, in order. Batches are sized so that every worker gets a share.
   * `urgent` work (a search query) goes ahead of everything queued, so ingestion never delays a search
   * by more than the batches already in flight.
   */
  async embed(texts: string[], options: { urgent?: boolean; signal?: AbortSignal } = {}): Promise<Float32Array[]> {
    if (this.closed) throw new Error('embedder is closed');
    const { signal } = options;
    signal?.throwIfAborted();
    const batchSize = Math.max(1, Math.min(this.maxBatchSize, Math.ceil(texts.length / this.options.size)));
    const tasks: Task[] = [];
    const batches: Promise<Float32Array[]>[] = [];
    for (let start = 0; start < texts.length; start += batchSize) {
      batches.push(this.enqueue(texts.slice(start, start + batchSize), options.urgent ?? false, tasks));
    }
    const abort = () => tasks.forEach((task) => this.abandon(task, signal!.reason));
    signal?.addEventListener('abort', abort, { once: true });
    try {
      return (await Promise.all(batches)).flat();
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }

  /** Starts every worker and waits until each has loaded its model. */
  async warmup(): Promise<void> {
    if (this.closed) throw new Error('embedder is closed');
    while (this.slots.length < this.options.size) this.spawn();
    await Promise.all(this.slots.map((slot) => slot.ready));
  }

  async close(): Promise<void> {
    this.closed = true;
    const error = new Error('embedder is closed');
    for (const task of this.queue.drain()) task.reject(error);
    await Promise.all(
      this.slots.map((slot) => {
        this.settle(slot, error);
        return slot.worker.terminate();
      }),
    );
  }

  private enqueue(texts: string[], urgent: boolean, tasks: Task[]): Promise<Float32Array[]> {
    return new Promise((resolve, reject) => {
      const task = { texts, resolve, reject };
      tasks.push(task);
      this.queue.push(task, urgent);
      this.dispatch();
    });
  }

  /**
   * Drops a batch whose caller gave up: a queued one leaves the queue; a running one takes its worker
   * with it, since a model call cannot be interrupted, and a fresh worker starts if work is waiting.
   */
  private abandon(task: Task, reason: unknown): void {
    if (this.queue.remove(task)) return task.reject(reason as Error);
    const slot = this.slots.find((candidate) => candidate.task === task);
    if (slot === undefined) return;
    slot.task = undefined;
    task.reject(reason as Error);
    this.retire(slot, new Error('embedding worker stopped: its batch was cancelled'));
    void slot.worker.terminate();
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot =
        this.slots.find((candidate) => candidate.task === undefined) ??
        (this.slots.length < this.options.size ? this.spawn() : undefined);
      if (slot === undefined) return;
      const task = this.queue.shift()!;
      slot.task = task;
      slot.worker.postMessage({ texts: task.texts } satisfies WorkerRequest);
    }
  }

  private spawn(): Slot {
    const worker = this.options.createWorker();
    let markReady = () => {};
    let markFailed = (_error: Error) => {};
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      markFailed = reject;
    });
    // Only warmup() awaits `ready`; without this a worker that dies unwatched is an unhandled rejection.
    ready.catch(() => {});
    const slot: Slot = { worker, task: undefined, ready, markFailed };

    worker.on('message', (reply: WorkerReply) => {
      if (reply.kind === 'ready') return markReady();
      if (reply.kind === 'failed') {
        this.retire(slot, new Error(reply.message));
        return void slot.worker.terminate();
      }
      this.settle(slot, reply.kind === 'vectors' ? reply.vectors : new Error(reply.message));
      this.dispatch();
    });
    // 'error' (an uncaught exception) is followed by 'exit'; the slot is retired at the first of them,
    // so that no batch is posted to a dying worker.
    worker.on('error', (error) => this.retire(slot, new Error(`embedding worker crashed: ${error.message}`)));
    worker.on('exit', (code) => this.retire(slot, new Error(`embedding worker exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  /** Takes a dead worker out of the pool, failing its batch, and starts a replacement if work is waiting. */
  private retire(slot: Slot, error: Error): void {
    slot.markFailed(error);
    this.settle(slot, error);
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    if (!this.closed) this.dispatch();
  }

  /** Answers the slot's batch, if it has one, and marks the slot idle. */
  private settle(slot: Slot, outcome: Float32Array[] | Error): void {
    const task = slot.task;
    slot.task = undefined;
    if (task === undefined) return;
    if (outcome instanceof Error) task.reject(outcome);
    else task.resolve(outcome);
  }
}

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { EmbedderCatalog } from '../embed/catalog.js';
import { countIndexed, ingestFilesFailed, ingestRetries } from '../observability/metrics.js';
import type { BlobStore } from '../storage/blob-store.js';
import { fileBlobKey } from '../storage/blob-keys.js';
import type { IngestError, Job, Store } from '../storage/store.js';
import { embedFiles, IngestStop, reportOf, resume, type FileWork } from './index-group.js';
import { createPreparePool } from './prepare-pool.js';
import { IngestProgressFeed, logProgress } from './progress.js';

export type IngestOptions = {
  /** Groups of files processed at once. */
  concurrency: number;
  /** Threads that parse and chunk files. */
  prepareThreads: number;
  /** Files claimed together: they share one embedding call and one write transaction. */
  groupFiles: number;
  /** File bytes a group may hold in memory at once (a larger file is processed alone). */
  groupBytes: number;
  /** A job whose lease runs out (its worker died) goes back to the queue. */
  leaseMs: number;
  /** Attempts before a file ends failed with server_error. */
  maxAttempts: number;
  /** How often to look for work that another process queued, or a retry that came due. */
  pollMs: number;
  /** How often the files in hand are checked against the queue, so that a cancelled one stops (ms). */
  cancelCheckMs: number;
};

export const DEFAULT_INGEST_OPTIONS: IngestOptions = {
  concurrency: 4,
  prepareThreads: 2,
  groupFiles: 32,
  groupBytes: 16 * 1024 * 1024,
  leaseMs: 60_000,
  maxAttempts: 3,
  pollMs: 500,
  cancelCheckMs: 250,
};

export type IngestWorker = {
  /** Wakes the worker: new jobs were queued. */
  notify(): void;
  /** Every file's progress; the worker logs it, and metrics or a console may read it too. */
  progress: IngestProgressFeed;
  /**
   * Stops claiming and lets the slices in flight finish for up to `graceMs`, then stops the rest; the
   * files not done go back to the queue (their attempt not counted) with the vectors they have saved.
   */
  stop(options?: { graceMs?: number }): Promise<void>;
};

/** Lease owners are `<host>:<pid>:<nonce>`, and each claim appends a random token of its own. */
function ownerOnThisHostIsDead(owner: string): boolean {
  const [host, pid] = owner.split(':');
  if (host !== hostname() || !/^\d+$/.test(pid ?? '')) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * The ingestion loop of one process. It claims groups of jobs from the durable queue; for each group it
 * parses and chunks every file, embeds their chunks in slices whose vectors are saved as they come, and
 * writes each file's chunks, keyword rows and vectors in one transaction once its last vector is in.
 * Several processes may run it against one database; leases keep them from doing the same file twice.
 * A file whose job disappears (detached, cancelled, deleted) has its parsing and embedding aborted.
 */
export function startIngestWorker(
  deps: { store: Store; blobs: BlobStore; embedders: EmbedderCatalog; log: Logger },
  options: IngestOptions = DEFAULT_INGEST_OPTIONS,
): IngestWorker {
  const { store, blobs, embedders, log } = deps;
  const preparePool = createPreparePool(options.prepareThreads);
  const owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const progress = new IngestProgressFeed();
  progress.subscribe(logProgress(log));
  progress.subscribe((p) => p.phase === 'finished' && countIndexed([p.chunks]));
  const inFlight = new Set<Promise<void>>();
  /** The jobs in hand and how to stop each one's work. */
  const active = new Map<Job, AbortController>();
  let running = true;
  let draining = false;
  let wake: (() => void) | null = null;
  let nudged = false;
  const nudge = () => {
    if (wake) wake();
    else nudged = true;
  };

  const fail = async (job: Job, error: IngestError) => {
    if (await store.jobs.fail(job, error)) ingestFilesFailed.inc({ code: error.code });
  };

  /** An attempt that threw: retried with backoff, or failed for good after the last attempt. */
  async function retryOrFail(job: Job, error: unknown): Promise<void> {
    log.warn({ err: error, storeId: job.storeId, fileId: job.fileId, attempt: job.attempts }, 'indexing attempt failed');
    if (job.attempts < options.maxAttempts) {
      await store.jobs.retry(job, 1000 * 2 ** job.attempts);
      ingestRetries.inc();
    } else await fail(job, { code: 'server_error', message: `Indexing failed: ${(error as Error).message}` });
  }

  /** Parses and chunks one file and picks up the vectors an earlier attempt saved; a file that cannot be read ends failed here. */
  async function prepare(job: Job, controller: AbortController, startedAt: number): Promise<FileWork | null> {
    if (job.attempts > options.maxAttempts) {
      // The process died mid-job that many times: this file is not getting better by retrying.
      await fail(job, { code: 'server_error', message: `Indexing did not finish after ${options.maxAttempts} attempts.` });
      return null;
    }
    try {
      const bytes = await blobs.read(fileBlobKey(job.fileId));
      const prepared = await preparePool.prepare({ filename: job.filename, bytes, chunking: job.chunking }, { signal: controller.signal });
      if (!prepared.ok) {
        await fail(job, prepared.error);
        return null;
      }
      const file: FileWork = {
        job, text: prepared.text, pieces: prepared.pieces, vectors: new Array(prepared.pieces.length), done: 0, resumed: 0,
        tokens: prepared.pieces.reduce((sum, p) => sum + p.tokenCount, 0), startedAt, controller, nextReport: 0, completed: false,
      };
      await resume(store, file);
      return file;
    } catch (error) {
      if (!controller.signal.aborted) await retryOrFail(job, error);
      return null;
    }
  }

  /** The files whose job is no longer held (detached, cancelled, deleted, lease lost) stop now. */
  async function stopCancelled(): Promise<void> {
    for (const [job, controller] of active) {
      if (!controller.signal.aborted && !(await store.jobs.isHeld(job))) controller.abort(new IngestStop('cancelled'));
    }
  }

  async function runGroup(jobs: Job[]): Promise<void> {
    const startedAt = Date.now();
    const controllers = jobs.map((job) => {
      const controller = new AbortController();
      active.set(job, controller);
      return controller;
    });
    const renew = setInterval(() => jobs.forEach((job) => void store.jobs.renew(job, options.leaseMs)), options.leaseMs / 3);
    const files: FileWork[] = [];
    try {
      const prepared = await Promise.all(jobs.map((job, i) => prepare(job, controllers[i]!, startedAt)));
      for (const file of prepared) {
        if (file === null || file.controller.signal.aborted) continue;
        files.push(file);
        progress.emit(reportOf(file, 'started'));
      }
      const byEmbedder = new Map<string, FileWork[]>();
      for (const file of files) {
        const key = JSON.stringify(file.job.embedder);
        byEmbedder.set(key, [...(byEmbedder.get(key) ?? []), file]);
      }
      for (const group of byEmbedder.values()) {
        if (draining) break;
        await embedFiles({ store, progress, retryOrFail, draining: () => draining }, embedders.forStore(group[0]!.job.embedder), group);
      }
    } finally {
      clearInterval(renew);
      for (const job of jobs) active.delete(job);
      await settleUnfinished(jobs, controllers, files);
    }
  }

  /** Files neither completed nor failed: cancelled ones are reported, the rest go back to the queue unharmed. */
  async function settleUnfinished(jobs: Job[], controllers: AbortController[], files: FileWork[]): Promise<void> {
    const byJob = new Map(files.map((file) => [file.job, file]));
    for (const [i, job] of jobs.entries()) {
      const file = byJob.get(job);
      const reason: unknown = controllers[i]!.signal.reason;
      const stop = reason instanceof IngestStop ? reason.why : undefined;
      if (file === undefined) {
        // Not prepared: it failed or was retried already, unless the stop came first.
        if (stop === 'shutdown') await store.jobs.release(job);
        continue;
      }
      // Completed, or failed by the embedder and already retried.
      if (file.completed || (reason !== undefined && stop === undefined)) continue;
      if (stop !== 'cancelled') await store.jobs.release(job);
      progress.emit(reportOf(file, stop === 'cancelled' ? 'cancelled' : 'paused'));
    }
  }

  function sleep(ms: number): Promise<void> {
    if (nudged) {
      nudged = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });
  }

  async function claim(): Promise<Job[]> {
    try {
      return await store.jobs.claim(owner, { maxJobs: options.groupFiles, maxBytes: options.groupBytes }, options.leaseMs);
    } catch (error) {
      log.error({ err: error }, 'claiming ingestion jobs failed');
      return [];
    }
  }

  const watch = setInterval(() => {
    stopCancelled().catch((error: unknown) => log.error({ err: error }, 'checking for cancelled files failed'));
  }, options.cancelCheckMs);
  watch.unref();

  const loop = (async () => {
    // After a crash the dead process's leases would block its files until they expire; on this
    // host we can tell at once that their owner is gone.
    const released = await store.jobs.releaseAbandoned(ownerOnThisHostIsDead);
    if (released > 0) log.info({ released }, 'resumed ingestion left unfinished by a stopped process');
    while (running) {
      const jobs = inFlight.size < options.concurrency ? await claim() : [];
      if (jobs.length > 0) {
        const task = runGroup(jobs)
          .catch((error: unknown) => log.error({ err: error }, 'ingestion group crashed'))
          .finally(() => {
            inFlight.delete(task);
            nudge();
          });
        inFlight.add(task);
      } else {
        await sleep(options.pollMs);
      }
    }
  })();

  return {
    notify: nudge,
    progress,
    async stop({ graceMs = 0 } = {}) {
      running = false;
      draining = true;
      wake?.();
      await loop;
      const deadline = setTimeout(() => active.forEach((controller) => controller.abort(new IngestStop('shutdown'))), graceMs);
      await Promise.all(inFlight);
      clearTimeout(deadline);
      clearInterval(watch);
      await preparePool.close();
    },
  };
}

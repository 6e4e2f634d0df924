import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { EmbedderCatalog } from '../embed/catalog.js';
import { countIndexed, ingestFilesFailed, ingestRetries } from '../observability/metrics.js';
import type { BlobStore } from '../storage/blob-store.js';
import { fileBlobKey } from '../storage/blob-keys.js';
import type { IngestError, Job, Store } from '../storage/store.js';
import { createPreparePool } from './prepare-pool.js';

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
};

export const DEFAULT_INGEST_OPTIONS: IngestOptions = {
  concurrency: 4,
  prepareThreads: 2,
  groupFiles: 32,
  groupBytes: 16 * 1024 * 1024,
  leaseMs: 60_000,
  maxAttempts: 3,
  pollMs: 500,
};

export type IngestWorker = {
  /** Wakes the worker: new jobs were queued. */
  notify(): void;
  /** Stops claiming, waits for the files in hand, and returns. Unfinished leases expire and are retried. */
  stop(): Promise<void>;
};

/** A file parsed and chunked, waiting for its vectors. */
type Prepared = { job: Job; text: string; pieces: Array<{ text: string; tokenCount: number }> };

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
 * parses and chunks every file, embeds all their chunks in one call, and writes every file's chunks,
 * keyword rows and vectors in one transaction. Several processes may run it against one database;
 * leases keep them from doing the same file twice.
 */
export function startIngestWorker(
  deps: { store: Store; blobs: BlobStore; embedders: EmbedderCatalog; log: Logger },
  options: IngestOptions = DEFAULT_INGEST_OPTIONS,
): IngestWorker {
  const { store, blobs, embedders, log } = deps;
  const preparePool = createPreparePool(options.prepareThreads);
  const owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const inFlight = new Set<Promise<void>>();
  let running = true;
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

  /** Parses and chunks one file; a file that cannot be read ends failed here. */
  async function prepare(job: Job): Promise<Prepared | null> {
    if (job.attempts > options.maxAttempts) {
      // The process died mid-job that many times: this file is not getting better by retrying.
      await fail(job, { code: 'server_error', message: `Indexing did not finish after ${options.maxAttempts} attempts.` });
      return null;
    }
    try {
      const bytes = await blobs.read(fileBlobKey(job.fileId));
      const prepared = await preparePool.prepare({ filename: job.filename, bytes, chunking: job.chunking });
      if (!prepared.ok) {
        await fail(job, prepared.error);
        return null;
      }
      return { job, text: prepared.text, pieces: prepared.pieces };
    } catch (error) {
      await retryOrFail(job, error);
      return null;
    }
  }

  /** Embeds the chunks of files that share an embedder in one call, then writes them in one transaction. */
  async function embedAndWrite(files: Prepared[]): Promise<void> {
    try {
      const embedder = embedders.forStore(files[0]!.job.embedder);
      const vectors = await embedder.embedDocuments(files.flatMap((f) => f.pieces.map((p) => p.text)));
      let next = 0;
      const entries = files.map(({ job, text, pieces }) => ({
        job,
        document: { text, chunks: pieces.map((p) => ({ text: p.text, tokens: p.tokenCount, vector: vectors[next++]! })) },
      }));
      const written = await store.jobs.complete(entries);
      countIndexed(entries.filter((_, i) => written[i]).map((entry) => entry.document.chunks.length));
    } catch (error) {
      for (const { job } of files) await retryOrFail(job, error);
    }
  }

  async function runGroup(jobs: Job[]): Promise<void> {
    const renew = setInterval(() => jobs.forEach((job) => void store.jobs.renew(job, options.leaseMs)), options.leaseMs / 3);
    try {
      const prepared = (await Promise.all(jobs.map(prepare))).filter((p): p is Prepared => p !== null);
      // Cancelling or detaching removes a job; checking before the costly step stops that work early.
      const held = await Promise.all(prepared.map((p) => store.jobs.isHeld(p.job)));
      const byEmbedder = new Map<string, Prepared[]>();
      prepared.forEach((p, i) => {
        if (!held[i]) return;
        const key = JSON.stringify(p.job.embedder);
        byEmbedder.set(key, [...(byEmbedder.get(key) ?? []), p]);
      });
      for (const files of byEmbedder.values()) await embedAndWrite(files);
    } finally {
      clearInterval(renew);
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
    async stop() {
      running = false;
      wake?.();
      await loop;
      await Promise.all(inFlight);
      await preparePool.close();
    },
  };
}

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { chunkText } from '../chunk/token-chunker.js';
import type { EmbedderCatalog } from '../embed/catalog.js';
import { parseDocument } from '../parse/registry.js';
import type { BlobStore } from '../storage/blob-store.js';
import { fileBlobKey } from '../storage/blob-keys.js';
import type { IngestError, Job, NewChunk, Store } from '../storage/store.js';

export type IngestOptions = {
  /** Files processed at once. Each holds its bytes, text and vectors in memory, which bounds memory. */
  concurrency: number;
  /** A job whose lease runs out (its worker died) goes back to the queue. */
  leaseMs: number;
  /** Attempts before a file ends failed with server_error. */
  maxAttempts: number;
  /** How often to look for work that another process queued, or a retry that came due. */
  pollMs: number;
};

export const DEFAULT_INGEST_OPTIONS: IngestOptions = { concurrency: 4, leaseMs: 60_000, maxAttempts: 3, pollMs: 500 };

/** What one attempt at a job came to: indexed, a reason the file cannot be indexed, or dropped (no longer ours). */
type Outcome = { kind: 'indexed'; document: { text: string; chunks: NewChunk[] } } | { kind: 'unreadable'; error: IngestError } | { kind: 'dropped' };

export type IngestWorker = {
  /** Wakes the worker: new jobs were queued. */
  notify(): void;
  /** Stops claiming, waits for the files in hand, and returns. Unfinished leases expire and are retried. */
  stop(): Promise<void>;
};

/**
 * The ingestion loop of one process: claims jobs from the durable queue, and for each one
 * parses → chunks → embeds → writes everything in one transaction. Several processes may run it
 * against one database; leases keep them from doing the same file twice.
 */
/** Lease owners are `<host>:<pid>:<nonce>`, and a claim appends `:<job>:<attempt>`. */
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

export function startIngestWorker(deps: { store: Store; blobs: BlobStore; embedders: EmbedderCatalog; log: Logger }, options = DEFAULT_INGEST_OPTIONS): IngestWorker {
  const { store, blobs, embedders, log } = deps;
  const owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const inFlight = new Set<Promise<void>>();
  let running = true;
  let wake: (() => void) | null = null;
  let nudged = false;
  const nudge = () => {
    if (wake) wake();
    else nudged = true;
  };

  async function attempt(job: Job): Promise<Outcome> {
    const bytes = await blobs.read(fileBlobKey(job.fileId));
    const parsed = await parseDocument({ filename: job.filename, bytes });
    if (!parsed.ok) return { kind: 'unreadable', error: { code: parsed.code, message: parsed.message } };
    const pieces = chunkText(parsed.text, job.chunking);
    if (pieces.length === 0) return { kind: 'unreadable', error: { code: 'invalid_file', message: 'The file contains no text to index.' } };
    // Cancelling or detaching removes the job; checking between stages stops work early.
    if (!(await store.jobs.isHeld(job))) return { kind: 'dropped' };
    const vectors = await embedders.forStore(job.embedder).embedDocuments(pieces.map((p) => p.text));
    const chunks = pieces.map((p, i) => ({ text: p.text, tokens: p.tokenCount, vector: vectors[i]! }));
    return { kind: 'indexed', document: { text: parsed.text, chunks } };
  }

  async function run(job: Job): Promise<void> {
    if (job.attempts > options.maxAttempts) {
      // The process died mid-job that many times: this file is not getting better by retrying.
      await store.jobs.fail(job, { code: 'server_error', message: `Indexing did not finish after ${options.maxAttempts} attempts.` });
      return;
    }
    const renew = setInterval(() => void store.jobs.renew(job, options.leaseMs), options.leaseMs / 3);
    try {
      const outcome = await attempt(job);
      if (outcome.kind === 'indexed') await store.jobs.complete(job, outcome.document);
      else if (outcome.kind === 'unreadable') await store.jobs.fail(job, outcome.error);
    } catch (error) {
      log.warn({ err: error, storeId: job.storeId, fileId: job.fileId, attempt: job.attempts }, 'indexing attempt failed');
      if (job.attempts < options.maxAttempts) await store.jobs.retry(job, 1000 * 2 ** job.attempts);
      else await store.jobs.fail(job, { code: 'server_error', message: `Indexing failed: ${(error as Error).message}` });
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

  const loop = (async () => {
    // After a crash the dead process's leases would block its files until they expire; on this
    // host we can tell at once that their owner is gone.
    const released = await store.jobs.releaseAbandoned(ownerOnThisHostIsDead);
    if (released > 0) log.info({ released }, 'resumed ingestion left unfinished by a stopped process');
    while (running) {
      const free = options.concurrency - inFlight.size;
      const jobs = free > 0 ? await store.jobs.claim(owner, free, options.leaseMs).catch((error: unknown) => {
        log.error({ err: error }, 'claiming ingestion jobs failed');
        return [];
      }) : [];
      for (const job of jobs) {
        const task = run(job)
          .catch((error: unknown) => log.error({ err: error, jobId: job.id }, 'ingestion job crashed'))
          .finally(() => {
            inFlight.delete(task);
            nudge();
          });
        inFlight.add(task);
      }
      if (jobs.length === 0 || inFlight.size >= options.concurrency) await sleep(options.pollMs);
    }
  })();

  return {
    notify: nudge,
    async stop() {
      running = false;
      wake?.();
      await loop;
      await Promise.all(inFlight);
    },
  };
}

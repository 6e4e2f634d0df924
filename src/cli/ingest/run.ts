import { createReadStream } from 'node:fs';
import OpenAI from 'openai';
import { LIMITS } from '../../services/limits.js';
import { mapLimited } from '../map-limited.js';
import type { UploadJournal } from './journal.js';
import { describeError, HASH_ATTRIBUTE, PATH_ATTRIBUTE, type Item } from './plan.js';

/** What the progress display shows; counts are of files. */
export type Counts = {
  total: number;
  toUpload: number;
  uploaded: number;
  completed: number;
  failed: number;
  /** Completed or failed before this run began: the rate counts only this run's. */
  doneAtStart: number;
};

export type RunOptions = {
  client: OpenAI;
  storeId: string;
  items: Item[];
  journal: UploadJournal;
  concurrency: number;
  wait: boolean;
  /** Set when the run should stop taking new uploads (Ctrl-C): what is in flight finishes and is attached. */
  stopping: () => boolean;
};

export type RunResult = { counts: Counts; failures: Item[]; interrupted: boolean };

/** Attribute values are at most 512 characters; the end of a long path says more than its start. */
const pathAttribute = (shown: string) => (shown.length > 512 ? shown.slice(-512) : shown);
const ATTACH_EVERY_MS = 1000;
const POLL_EVERY_MS = 500;
const LEFTOVERS_EVERY_MS = 2000;
const LEFTOVER_LOOKUPS = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Batch = { id: string; items: Item[]; completed: number; failed: number; finished: boolean };

/**
 * Uploads what is new, attaches uploads in batches of up to 2,000 (at least once a second, so the server
 * ingests while the client still uploads), and follows the batches until every file is completed or
 * failed. An upload that the server refuses fails that file; an unreachable server ends the run.
 */
export function startIngestRun(options: RunOptions): { counts: Counts; done: Promise<RunResult> } {
  const { client, storeId, items, journal } = options;
  const countOf = (status: Item['status']) => items.filter((item) => item.status === status).length;
  const counts: Counts = {
    total: items.length,
    toUpload: countOf('new'),
    uploaded: 0,
    completed: countOf('completed'),
    failed: countOf('failed'),
    doneAtStart: countOf('completed') + countOf('failed'),
  };
  const queue = items.filter((item) => item.status === 'new');
  const unattached = items.filter((item) => item.status === 'uploaded');
  const batches: Batch[] = [];
  const leftovers = new Set(items.filter((item) => item.status === 'in_progress'));
  let uploadsDone = false;
  let attachDone = false;
  let failedHard = false;

  const fail = (item: Item, error: string) => {
    item.status = 'failed';
    item.error = error;
    counts.failed++;
  };

  async function uploadLane(): Promise<void> {
    while (queue.length > 0 && !options.stopping() && !failedHard) {
      const item = queue.shift()!;
      try {
        const file = await client.files.create({ file: createReadStream(item.file.path), purpose: 'assistants' });
        journal.record(item.sha256, file.id);
        Object.assign(item, { fileId: file.id, status: 'uploaded' });
        counts.uploaded++;
        unattached.push(item);
      } catch (error) {
        if (!(error instanceof OpenAI.APIError) || error instanceof OpenAI.APIConnectionError) throw error;
        fail(item, `upload refused: ${error.message}`);
      }
    }
  }

  async function attach(): Promise<void> {
    const group = unattached.splice(0, LIMITS.batchFiles);
    const files = group.map((item) => ({
      file_id: item.fileId!,
      attributes: { [HASH_ATTRIBUTE]: item.sha256, [PATH_ATTRIBUTE]: pathAttribute(item.file.shown) },
    }));
    try {
      const batch = await client.vectorStores.fileBatches.create(storeId, { files });
      for (const item of group) {
        item.status = 'in_progress';
        journal.forget(item.sha256);
      }
      batches.push({ id: batch.id, items: group, completed: 0, failed: 0, finished: false });
    } catch (error) {
      if (!(error instanceof OpenAI.APIError) || error instanceof OpenAI.APIConnectionError) throw error;
      for (const item of group) fail(item, `attach refused: ${error.message}`);
    }
  }

  async function attachLoop(): Promise<void> {
    let last = Date.now();
    for (;;) {
      const due = unattached.length >= LIMITS.batchFiles || (unattached.length > 0 && (uploadsDone || Date.now() - last >= ATTACH_EVERY_MS));
      if (due) {
        await attach();
        last = Date.now();
      } else if (uploadsDone) return;
      else await sleep(100);
    }
  }

  // Follows ingestion from the first attach, so completions show while uploads go on.
  async function pollLoop(): Promise<void> {
    while (!attachDone || batches.some((b) => !b.finished) || leftovers.size > 0) {
      await sleep(POLL_EVERY_MS);
      if (options.stopping() || failedHard) return;
      await pollBatches();
      await pollLeftovers();
    }
  }

  async function pollBatches(): Promise<void> {
    for (const batch of batches.filter((b) => !b.finished)) {
      const { file_counts: fc } = await client.vectorStores.fileBatches.retrieve(batch.id, { vector_store_id: storeId });
      counts.completed += fc.completed - batch.completed;
      counts.failed += fc.failed + fc.cancelled - batch.failed;
      Object.assign(batch, { completed: fc.completed, failed: fc.failed + fc.cancelled, finished: fc.in_progress === 0 });
    }
  }

  // Files an earlier run attached and left ingesting. Few are looked up one by one; many by listing what is
  // still in progress (a list that this run's own batches lengthen, hence the slower beat).
  let leftoversPolled = 0;
  async function pollLeftovers(): Promise<void> {
    if (leftovers.size === 0 || Date.now() - leftoversPolled < LEFTOVERS_EVERY_MS) return;
    leftoversPolled = Date.now();
    let candidates = [...leftovers];
    if (candidates.length > LEFTOVER_LOOKUPS) {
      const ingesting = new Set<string>();
      for await (const file of client.vectorStores.files.list(storeId, { filter: 'in_progress', limit: 100 })) ingesting.add(file.id);
      candidates = candidates.filter((item) => !ingesting.has(item.fileId!));
    }
    const files = await mapLimited(candidates, 8, (item) => client.vectorStores.files.retrieve(item.fileId!, { vector_store_id: storeId }));
    candidates.forEach((item, i) => {
      const file = files[i]!;
      if (file.status === 'in_progress') return;
      leftovers.delete(item);
      if (file.status === 'completed') {
        item.status = 'completed';
        counts.completed++;
      } else fail(item, file.status === 'cancelled' ? 'cancelled' : describeError(file.last_error));
    });
  }

  // Failed files of this run's batches, with the server's reason.
  async function collectBatchFailures(): Promise<void> {
    for (const batch of batches.filter((b) => b.failed > 0)) {
      const byId = new Map(batch.items.map((item) => [item.fileId!, item]));
      for (const filter of ['failed', 'cancelled'] as const) {
        const listed = client.vectorStores.fileBatches.listFiles(batch.id, { vector_store_id: storeId, filter, limit: 100 });
        for await (const file of listed) {
          const item = byId.get(file.id);
          if (item === undefined) continue;
          item.status = 'failed';
          item.error = filter === 'cancelled' ? 'cancelled' : describeError(file.last_error);
        }
      }
    }
  }

  // Steps run side by side; an error in one (the server went away) stops the others and ends the run.
  function guard(step: Promise<void>): Promise<void> {
    const guarded = step.catch((error: unknown) => {
      failedHard = true;
      throw error;
    });
    guarded.catch(() => {});
    return guarded;
  }

  async function run(): Promise<RunResult> {
    const polling = options.wait ? guard(pollLoop()) : Promise.resolve();
    const attaching = guard(attachLoop()).finally(() => {
      attachDone = true;
      journal.save();
    });
    // Awaited below, once the uploads stop; until then a failure only has to stop them (through failedHard).
    attaching.catch(() => {});
    try {
      await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, () => guard(uploadLane())));
    } finally {
      uploadsDone = true;
      await attaching;
    }
    await polling;
    const interrupted = options.stopping();
    if (options.wait && !interrupted) await collectBatchFailures();
    return { counts, failures: failures(), interrupted };
  }

  const failures = () => items.filter((item) => item.status === 'failed');
  return { counts, done: run() };
}

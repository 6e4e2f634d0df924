import type { Chunk } from '../chunk/token-chunker.js';
import type { Embedder } from '../embed/embedder.js';
import type { EmbeddedChunk, Job, Store } from '../storage/store.js';
import { PROGRESS_STEP, type IngestProgress, type IngestProgressFeed } from './progress.js';

/** Why a file's work was stopped from outside: its job is gone, or the process is stopping. */
export class IngestStop extends Error {
  constructor(readonly why: 'cancelled' | 'shutdown') {
    super(why === 'cancelled' ? 'the file was detached, cancelled or deleted' : 'the server is shutting down');
  }
}

/**
 * Embedding goes in slices of at most this many cl100k tokens and chunks: a slice's vectors are saved
 * as one checkpoint, so a stop loses at most the slices in flight. 8,192 tokens is one request to an
 * OpenAI-compatible service and about 5 s of the default embedder on two threads.
 */
export const SLICE_LIMITS = { tokens: 8192, chunks: 256 };
/** Slices of one group embedded at once: enough to keep a service's requests or every worker thread busy. */
const SLICES_IN_FLIGHT = 4;

/** One claimed file in the group, parsed and chunked, with the vectors it has so far. */
export type FileWork = {
  job: Job;
  text: string;
  pieces: Chunk[];
  vectors: Array<Float32Array | undefined>;
  done: number;
  resumed: number;
  tokens: number;
  startedAt: number;
  /** Aborted (with an IngestStop, or the embedder's error) when this file's work must end. */
  controller: AbortController;
  nextReport: number;
  completed: boolean;
};

export type GroupDeps = {
  store: Store;
  progress: IngestProgressFeed;
  /** An attempt that threw: retried with backoff, or failed for good. */
  retryOrFail(job: Job, error: unknown): Promise<void>;
  /** True once the process is stopping: no slice starts after it. */
  draining(): boolean;
};

export function reportOf(file: FileWork, phase: IngestProgress['phase']): IngestProgress {
  const { job } = file;
  return {
    phase, storeId: job.storeId, fileId: job.fileId, filename: job.filename,
    chunks: file.pieces.length, chunksDone: file.done, chunksResumed: file.resumed, tokens: file.tokens,
    seconds: (Date.now() - file.startedAt) / 1000,
  };
}

/** Fills in the vectors an earlier attempt saved, so that only the rest is embedded. */
export async function resume(store: Store, file: FileWork): Promise<void> {
  const saved = await store.checkpoints.load(file.job, file.pieces.map((p) => p.text));
  for (const [seq, vector] of saved) file.vectors[seq] = vector;
  file.done = file.resumed = saved.size;
  file.nextReport = (Math.floor(file.done / PROGRESS_STEP) + 1) * PROGRESS_STEP;
}

/**
 * Embeds every chunk the files still lack, smallest files first, in slices; completes each file in
 * its own transaction as soon as its last vector arrives, and saves the vectors of files that are not
 * done yet. A cancelled file drops out without stopping the others; a stop leaves the rest saved.
 */
export async function embedFiles(deps: GroupDeps, embedder: Embedder, files: FileWork[]): Promise<void> {
  const { store, progress } = deps;
  const queue: Array<{ file: FileWork; seq: number }> = [...files]
    .sort((a, b) => a.pieces.length - b.pieces.length)
    .flatMap((file) => file.pieces.flatMap((_, seq) => (file.vectors[seq] ? [] : [{ file, seq }])));

  async function finish(done: FileWork[]): Promise<void> {
    if (done.length === 0) return;
    const entries = done.map((file) => ({
      job: file.job,
      document: { text: file.text, chunks: file.pieces.map((p, i) => ({ text: p.text, tokens: p.tokenCount, vector: file.vectors[i]! })) },
    }));
    const written = await store.jobs.complete(entries);
    done.forEach((file, i) => {
      if (written[i]) {
        file.completed = true;
        progress.emit(reportOf(file, 'finished'));
      } else file.controller.abort(new IngestStop('cancelled'));
    });
  }

  const takeSlice = () => {
    const slice: typeof queue = [];
    let tokens = 0;
    while (queue.length > 0 && slice.length < SLICE_LIMITS.chunks) {
      const next = queue[0]!;
      const size = next.file.pieces[next.seq]!.tokenCount;
      if (next.file.controller.signal.aborted) queue.shift();
      else if (slice.length > 0 && tokens + size > SLICE_LIMITS.tokens) break;
      else {
        slice.push(queue.shift()!);
        tokens += size;
      }
    }
    return slice;
  };

  /** The embedder or the database failed these files' attempt: each is retried later, or fails for good. */
  async function failAttempt(files: FileWork[], error: unknown): Promise<void> {
    for (const file of files) {
      if (file.completed || file.controller.signal.aborted) continue;
      file.controller.abort(error);
      await deps.retryOrFail(file.job, error);
      progress.emit(reportOf(file, 'failed'));
    }
  }

  async function runSlice(slice: typeof queue, owners: FileWork[]): Promise<void> {
    const signal = AbortSignal.any(owners.map((file) => file.controller.signal));
    let vectors: Float32Array[];
    try {
      vectors = await embedder.embedDocuments(slice.map((s) => s.file.pieces[s.seq]!.text), { signal });
    } catch (error) {
      if (!signal.aborted) return failAttempt(owners, error);
      // Another file of the slice was stopped: the chunks of the files still going are embedded again.
      queue.unshift(...slice.filter((s) => !s.file.controller.signal.aborted));
      return;
    }
    const saved = new Map<FileWork, EmbeddedChunk[]>();
    slice.forEach(({ file, seq }, i) => {
      file.vectors[seq] = vectors[i];
      file.done++;
      saved.set(file, [...(saved.get(file) ?? []), { seq, text: file.pieces[seq]!.text, vector: vectors[i]! }]);
    });
    const live = owners.filter((file) => !file.controller.signal.aborted);
    for (const file of live) {
      if (file.done < file.pieces.length && !(await store.checkpoints.save(file.job, saved.get(file)!))) {
        file.controller.abort(new IngestStop('cancelled'));
      }
      if (file.done >= file.nextReport && file.done < file.pieces.length) {
        progress.emit(reportOf(file, 'embedding'));
        file.nextReport = (Math.floor(file.done / PROGRESS_STEP) + 1) * PROGRESS_STEP;
      }
    }
    await finish(live.filter((file) => file.done === file.pieces.length && !file.controller.signal.aborted));
  }

  const lane = async () => {
    while (!deps.draining()) {
      const slice = takeSlice();
      if (slice.length === 0) return;
      const owners = [...new Set(slice.map((s) => s.file))];
      await runSlice(slice, owners).catch((error: unknown) => failAttempt(owners, error));
    }
  };
  const resumedWhole = files.filter((file) => file.done === file.pieces.length);
  await finish(resumedWhole).catch((error: unknown) => failAttempt(resumedWhole, error));
  await Promise.all(Array.from({ length: SLICES_IN_FLIGHT }, lane));
}

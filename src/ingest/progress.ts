import type { Logger } from 'pino';

/**
 * Where one file's ingestion stands. `started` once its chunks are known; `embedding` each time another
 * PROGRESS_STEP chunks have vectors; then one of `finished`, `cancelled` (detached, its batch cancelled,
 * its store or File deleted), `paused` (the process is stopping; a restart resumes from the saved
 * vectors) or `failed` (this attempt; it may be retried).
 */
export type IngestProgress = {
  phase: 'started' | 'embedding' | 'finished' | 'cancelled' | 'paused' | 'failed';
  storeId: string;
  fileId: string;
  filename: string;
  /** The file's chunks, and how many have vectors (saved ones from an earlier attempt included). */
  chunks: number;
  chunksDone: number;
  /** Chunks whose vectors came from an earlier attempt's saved progress. */
  chunksResumed: number;
  /** cl100k tokens in all of the file's chunks. */
  tokens: number;
  /** Since this attempt claimed the file. */
  seconds: number;
};

export type ProgressListener = (progress: IngestProgress) => void;

/** A long file reports once per this many chunks embedded. */
export const PROGRESS_STEP = 1000;

/** The one place ingestion progress goes out: the log reads it, and so can metrics or a console. */
export class IngestProgressFeed {
  private readonly listeners = new Set<ProgressListener>();

  /** Calls `listener` with every report from now on; returns the function that stops it. */
  subscribe(listener: ProgressListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(progress: IngestProgress): void {
    for (const listener of this.listeners) listener(progress);
  }
}

const round = (value: number, places: number) => Number(value.toFixed(places));

/** One info line per file started and finished, and one per PROGRESS_STEP chunks with percent done and time left. */
export function logProgress(log: Logger): ProgressListener {
  return (p) => {
    const fields = { storeId: p.storeId, fileId: p.fileId, filename: p.filename, chunks: p.chunks, tokens: p.tokens };
    // Resumed chunks cost nothing this attempt, so the rate counts only the chunks embedded now.
    const embedded = p.chunksDone - p.chunksResumed;
    const rate = p.seconds > 0 ? embedded / p.seconds : 0;
    const timing = { seconds: round(p.seconds, 1), chunksPerSecond: round(rate, 1) };
    switch (p.phase) {
      case 'started':
        return log.info({ ...fields, chunksResumed: p.chunksResumed }, p.chunksResumed > 0 ? 'indexing file, resuming from saved vectors' : 'indexing file');
      case 'embedding': {
        const percent = Math.floor((100 * p.chunksDone) / p.chunks);
        const secondsLeft = rate > 0 ? Math.round((p.chunks - p.chunksDone) / rate) : undefined;
        return log.info({ ...fields, chunksDone: p.chunksDone, percent, ...timing, secondsLeft }, `indexing file: ${percent}% embedded`);
      }
      case 'finished':
        return log.info({ ...fields, ...timing, tokensPerSecond: round(p.seconds > 0 ? p.tokens / p.seconds : 0, 0) }, 'file indexed');
      case 'cancelled':
        return log.info({ ...fields, chunksDone: p.chunksDone, ...timing }, 'indexing stopped: the file was detached, cancelled or deleted');
      case 'paused':
        return log.info({ ...fields, chunksDone: p.chunksDone, ...timing }, 'indexing paused for shutdown; saved vectors resume it');
      case 'failed':
        return log.info({ ...fields, chunksDone: p.chunksDone, ...timing }, 'indexing attempt ended without the file');
    }
  };
}

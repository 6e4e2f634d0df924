import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Files uploaded to the Files API but perhaps not yet attached to the store, by content hash.
 *
 * The store itself remembers what is attached: each file carries a `sha256` attribute, so a rerun, from
 * any machine, skips it. Only the moment between an upload and its attach is not in the store; a run
 * killed then would upload the file again. This journal covers that gap: one line is appended (and
 * flushed) per upload, and a rerun attaches the journalled file instead of uploading it again.
 */
export type UploadJournal = {
  readonly path: string;
  /** The file id uploaded for this content, if one was journalled. */
  fileId(sha256: string): string | undefined;
  record(sha256: string, fileId: string): void;
  forget(sha256: string): void;
  /** Rewrites the file with what is still unattached, or removes it when nothing is. */
  save(): void;
};

/** `$XDG_STATE_HOME/trove/ingest`, as the XDG base directory spec places state that outlives a run. */
export function defaultJournalDir(env = process.env): string {
  const stateHome = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(stateHome, 'trove', 'ingest');
}

/** One journal per server and store, named by a hash so any base URL makes a safe file name. */
export function journalPath(dir: string, baseURL: string, storeId: string): string {
  const key = createHash('sha256').update(`${baseURL}\n${storeId}`).digest('hex').slice(0, 24);
  return join(dir, `${storeId}-${key}.jsonl`);
}

export function openUploadJournal(path: string): UploadJournal {
  const pending = new Map<string, string>();
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  for (const line of text.split('\n')) {
    // A run killed mid-write leaves a torn last line; the upload it names is lost, and is uploaded again.
    try {
      const entry = JSON.parse(line) as { sha256?: unknown; file_id?: unknown };
      if (typeof entry.sha256 === 'string' && typeof entry.file_id === 'string') pending.set(entry.sha256, entry.file_id);
    } catch {
      continue;
    }
  }
  const line = (sha256: string, fileId: string) => `${JSON.stringify({ sha256, file_id: fileId })}\n`;

  return {
    path,
    fileId: (sha256) => pending.get(sha256),
    record(sha256, fileId) {
      pending.set(sha256, fileId);
      mkdirSync(join(path, '..'), { recursive: true });
      appendFileSync(path, line(sha256, fileId));
    },
    forget(sha256) {
      pending.delete(sha256);
    },
    save() {
      if (pending.size === 0) return rmSync(path, { force: true });
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(`${path}.tmp`, [...pending].map(([sha256, fileId]) => line(sha256, fileId)).join(''));
      renameSync(`${path}.tmp`, path);
    },
  };
}

import OpenAI from 'openai';
import type { VectorStoreFile } from 'openai/resources/vector-stores/files';
import { mapLimited } from '../map-limited.js';
import type { FoundFile, SkippedFile } from './collect.js';
import { fingerprint } from './fingerprint.js';
import type { UploadJournal } from './journal.js';

/** Where one file stands: `new` needs uploading, `uploaded` needs attaching, the rest are the store's statuses. */
export type ItemStatus = 'new' | 'uploaded' | 'in_progress' | 'completed' | 'failed';
export type Item = { file: FoundFile; sha256: string; fileId?: string; status: ItemStatus; error?: string };
export type Plan = { items: Item[]; skipped: SkippedFile[] };

/** The attribute that tells a rerun a file is already in the store. */
export const HASH_ATTRIBUTE = 'sha256';
export const PATH_ATTRIBUTE = 'path';

const CONCURRENCY = 8;

export const describeError = (error: { code: string; message: string } | null | undefined) =>
  error ? `${error.code}: ${error.message}` : 'no reason given';

function statusOf(attached: VectorStoreFile): Pick<Item, 'status' | 'error'> {
  if (attached.status === 'completed' || attached.status === 'in_progress') return { status: attached.status };
  if (attached.status === 'cancelled') return { status: 'failed', error: 'cancelled' };
  return { status: 'failed', error: describeError(attached.last_error) };
}

/** The store's files by content hash, from the attribute each ingest sets. */
async function attachedByHash(client: OpenAI, storeId: string): Promise<Map<string, VectorStoreFile>> {
  const byHash = new Map<string, VectorStoreFile>();
  for await (const file of client.vectorStores.files.list(storeId, { limit: 100 })) {
    const hash = file.attributes?.[HASH_ATTRIBUTE];
    if (typeof hash === 'string') byHash.set(hash, file);
  }
  return byHash;
}

/**
 * Decides what each collected file needs: hashes every file (setting aside those whose content the
 * server would refuse, and second copies of the same content), then matches the hashes against the
 * store's files and the upload journal.
 */
export async function planIngest(
  client: OpenAI,
  storeId: string,
  files: FoundFile[],
  journal: UploadJournal,
  onHashed: (done: number) => void,
): Promise<Plan> {
  let hashed = 0;
  const prints = await mapLimited(files, CONCURRENCY, async (file) => {
    const print = await fingerprint(file.path);
    onHashed(++hashed);
    return print;
  });

  const skipped: SkippedFile[] = [];
  const firstWith = new Map<string, FoundFile>();
  const unique: { file: FoundFile; sha256: string }[] = [];
  files.forEach((file, i) => {
    const { sha256, refusal } = prints[i]!;
    const original = firstWith.get(sha256);
    if (refusal !== undefined) skipped.push({ shown: file.shown, reason: refusal });
    else if (original !== undefined) skipped.push({ shown: file.shown, reason: `same content as ${original.shown}` });
    else {
      firstWith.set(sha256, file);
      unique.push({ file, sha256 });
    }
  });

  const attached = await attachedByHash(client, storeId);
  const items = await mapLimited(unique, CONCURRENCY, async ({ file, sha256 }): Promise<Item> => {
    const inStore = attached.get(sha256);
    if (inStore !== undefined) {
      journal.forget(sha256);
      return { file, sha256, fileId: inStore.id, ...statusOf(inStore) };
    }
    const fileId = journal.fileId(sha256);
    if (fileId === undefined) return { file, sha256, status: 'new' };
    // An upload journalled by an earlier run is attached rather than sent again, if the server still has it.
    try {
      await client.files.retrieve(fileId);
      return { file, sha256, fileId, status: 'uploaded' };
    } catch (error) {
      if (!(error instanceof OpenAI.NotFoundError)) throw error;
      journal.forget(sha256);
      return { file, sha256, status: 'new' };
    }
  });
  return { items, skipped };
}

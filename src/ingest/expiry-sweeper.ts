import type { Logger } from 'pino';
import type { BlobStore } from '../storage/blob-store.js';
import { fileBlobKey, uploadPartsKey } from '../storage/blob-keys.js';
import type { Store } from '../storage/store.js';

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * Carries out expiry in the background: Files past `expires_at` are deleted (detached everywhere),
 * expired vector stores lose their files (they stay listed as `expired`), and uploads left pending
 * past their hour are closed with their parts removed. Each pass is idempotent, so several
 * processes may sweep one database.
 */
export function startExpirySweeper(deps: { store: Store; blobs: BlobStore; log: Logger }, intervalMs = 60_000): { stop(): Promise<void> } {
  const { store, blobs, log } = deps;
  let pass: Promise<void> = Promise.resolve();

  async function sweep(): Promise<void> {
    const now = nowSeconds();
    const files = await store.files.deleteExpired(now);
    for (const id of files) await blobs.delete(fileBlobKey(id));
    const stores = await store.vectorStores.emptyExpired(now);
    const uploads = await store.uploads.expire(now);
    for (const id of uploads) await blobs.delete(uploadPartsKey(id));
    if (files.length + stores.length + uploads.length > 0) {
      log.info({ files: files.length, vectorStores: stores.length, uploads: uploads.length }, 'expired objects swept');
    }
  }

  const run = () => {
    pass = sweep().catch((error: unknown) => log.error({ err: error }, 'expiry sweep failed'));
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await pass;
    },
  };
}

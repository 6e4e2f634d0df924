import type { EmbedderCatalog } from '../embed/catalog.js';
import type { VectorIndex } from '../search/vector-index.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { Store } from '../storage/store.js';

export type Check = { ok: boolean; detail: string };
export type Readiness = { ready: boolean; checks: { database: Check; blobs: Check; embedder: Check } };

/** A check that has not answered by then fails: a hung disk must not hang the probe that should report it. */
const CHECK_TIMEOUT_MS = 2_000;

/** Runs one check; a failure is the answer, not an error. */
async function probe(work: () => Promise<void>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([work(), deadline]);
    return { ok: true, detail: 'reachable' };
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** What readiness probes and metric scrapes ask of the server's parts. */
export function createHealthService(store: Store, blobs: BlobStore, embedders: EmbedderCatalog, index: VectorIndex) {
  return {
    /** Ready when the database and blob store answer and the default embedder is loaded (asking starts loading it). */
    async readiness(): Promise<Readiness> {
      const [database, blobStore] = await Promise.all([probe(() => store.check()), probe(() => blobs.check())]);
      const { loaded, detail } = embedders.defaultStatus();
      const checks = { database, blobs: blobStore, embedder: { ok: loaded, detail } };
      return { ready: Object.values(checks).every((check) => check.ok), checks };
    },

    backlog: () => store.jobs.backlog(),

    vectorUsage: () => index.usage(),
  };
}

export type HealthService = ReturnType<typeof createHealthService>;

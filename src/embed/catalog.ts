import { invalid, TroveError } from '../errors.js';
import { timeEmbedding } from '../observability/metrics.js';
import type { EmbedderInfo } from '../storage/store.js';
import type { Embedder } from './embedder.js';
import { createEmbedder, describeEmbedder, specOf, type EmbedderSettings } from './registry.js';

/**
 * The embedders this process runs, one instance per spec (and dimension, where a store recorded one
 * the spec alone would not give), shared by ingestion and search. A store records the EmbedderInfo
 * it was created with and is always served by it.
 */
export interface EmbedderCatalog {
  /**
   * What a new store gets for `spec` (the server default when omitted). Loads the model or asks the
   * service where that is how the dimension is learnt. Throws `invalid` for a spec that cannot run.
   */
  describe(spec?: string): Promise<EmbedderInfo>;
  /**
   * The embedder for a store's recorded info, usable at once; it opens on first use. If this server
   * cannot run it, every call fails with a `conflict` saying why, and the next call tries again.
   */
  forStore(info: EmbedderInfo): Embedder;
  /**
   * Whether the server's default embedder is loaded. Asking starts loading it (again, after a failure);
   * the answer never waits for the load.
   */
  defaultStatus(): EmbedderStatus;
  close(): Promise<void>;
}

export type EmbedderStatus = { loaded: boolean; detail: string };

const keyOf = (info: EmbedderInfo) => `${info.provider}\u0000${info.model}\u0000${info.dimension}`;

export function createEmbedderCatalog(defaultSpec: string, settings: EmbedderSettings): EmbedderCatalog {
  const opened = new Map<string, Promise<Embedder>>();
  const stores = new Map<string, Embedder>();
  let defaultState: EmbedderStatus = { loaded: false, detail: `${defaultSpec} is not loaded yet` };
  let defaultLoading = false;

  /** One instance per spec and asked-for dimension; a failure is forgotten, so the next call tries again. */
  function open(spec: string, dimension?: number): Promise<Embedder> {
    const key = dimension === undefined ? spec : `${spec}\u0000${dimension}`;
    let opening = opened.get(key);
    if (opening === undefined) {
      opening = createEmbedder(spec, settings, dimension);
      opened.set(key, opening);
      opening.catch(() => opened.get(key) === opening && opened.delete(key));
    }
    return opening;
  }

  /** Reuses the spec's instance when it gives the recorded dimension (a model's own), else opens one for it. */
  async function openForStore(info: EmbedderInfo): Promise<Embedder> {
    const spec = specOf(info);
    const shared = await open(spec).catch(() => undefined);
    const embedder = shared?.dimension === info.dimension ? shared : await open(spec, info.dimension);
    if (embedder.model !== info.model || embedder.dimension !== info.dimension) {
      throw new Error(`${spec} now runs ${embedder.model} (${embedder.dimension}-d)`);
    }
    return embedder;
  }

  function storeEmbedder(info: EmbedderInfo): Embedder {
    const key = keyOf(info);
    const ready = openForStore(info).catch((error: unknown) => {
      if (stores.get(key) === wrapper) stores.delete(key);
      throw new TroveError(
        'conflict',
        `This vector store was embedded with ${info.provider} ${info.model} (${info.dimension}-d), which this server cannot run: ${(error as Error).message}`,
        { code: 'embedder_unavailable' },
      );
    });
    ready.catch(() => {}); // the failure is reported to each caller; unawaited, it is not an unhandled rejection
    const wrapper: Embedder = {
      ...info,
      embedDocuments: async (texts) => {
        const embedder = await ready;
        return timeEmbedding(info.provider, 'documents', texts.length, () => embedder.embedDocuments(texts));
      },
      embedQuery: async (text) => {
        const embedder = await ready;
        return timeEmbedding(info.provider, 'query', 1, () => embedder.embedQuery(text));
      },
      close: async () => {}, // the catalog closes the instances it opened
    };
    return wrapper;
  }

  return {
    async describe(spec = defaultSpec) {
      try {
        return describeEmbedder(await open(spec));
      } catch (error) {
        throw invalid(`Invalid 'embedder': ${(error as Error).message}`, 'embedder');
      }
    },

    forStore(info) {
      let embedder = stores.get(keyOf(info));
      if (embedder === undefined) {
        embedder = storeEmbedder(info);
        stores.set(keyOf(info), embedder);
      }
      return embedder;
    },

    defaultStatus() {
      if (!defaultState.loaded && !defaultLoading) {
        defaultLoading = true;
        open(defaultSpec)
          .then(
            (embedder) => (defaultState = { loaded: true, detail: `${defaultSpec} loaded (${embedder.model}, ${embedder.dimension}-d)` }),
            (error: unknown) => (defaultState = { loaded: false, detail: `${defaultSpec} failed to load: ${(error as Error).message}` }),
          )
          .finally(() => (defaultLoading = false));
      }
      return defaultState;
    },

    async close() {
      const instances = await Promise.allSettled(opened.values());
      opened.clear();
      stores.clear();
      await Promise.all(instances.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.close() : undefined)));
    },
  };
}

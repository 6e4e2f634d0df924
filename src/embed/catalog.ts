import { invalid } from '../errors.js';
import type { EmbedderInfo } from '../storage/store.js';
import type { Embedder } from './embedder.js';
import { createEmbedder } from './registry.js';

/**
 * The embedders this process runs, one instance per provider/model/dimension, shared by ingestion
 * and search. A store records the EmbedderInfo it was created with and is always served by it.
 */
export interface EmbedderCatalog {
  /** What a new store gets for `spec` (the server default when omitted). Throws `invalid` for an unknown spec. */
  describe(spec?: string): EmbedderInfo;
  /** The running embedder for a store's recorded info. */
  forStore(info: EmbedderInfo): Embedder;
  close(): Promise<void>;
}

const keyOf = (info: EmbedderInfo) => `${info.provider}\u0000${info.model}\u0000${info.dimension}`;

/** The spec that recreates a recorded embedder after a restart. */
function specOf(info: EmbedderInfo): string {
  if (info.provider === 'default') return 'default';
  if (info.provider === 'test') return `test:${info.dimension}`;
  return `${info.provider}:${info.model}`;
}

export function createEmbedderCatalog(defaultSpec: string, options: { threads?: number } = {}): EmbedderCatalog {
  const running = new Map<string, Embedder>();

  function open(spec: string): Embedder {
    const embedder = createEmbedder(spec, options);
    const info = { provider: embedder.provider, model: embedder.model, dimension: embedder.dimension };
    const existing = running.get(keyOf(info));
    if (existing) {
      void embedder.close();
      return existing;
    }
    running.set(keyOf(info), embedder);
    return embedder;
  }

  return {
    describe(spec = defaultSpec) {
      let embedder: Embedder;
      try {
        embedder = open(spec);
      } catch (error) {
        throw invalid(`Invalid 'embedder': ${(error as Error).message}`, 'embedder');
      }
      return { provider: embedder.provider, model: embedder.model, dimension: embedder.dimension };
    },

    forStore(info) {
      const embedder = running.get(keyOf(info)) ?? open(specOf(info));
      if (embedder.dimension !== info.dimension || embedder.model !== info.model) {
        throw new Error(`the store was embedded with ${info.provider}/${info.model} (${info.dimension}-d), which this server cannot run`);
      }
      return embedder;
    },

    async close() {
      await Promise.all([...running.values()].map((e) => e.close()));
      running.clear();
    },
  };
}

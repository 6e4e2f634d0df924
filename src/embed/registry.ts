import type { Embedder } from './embedder.js';
import { createHashEmbedder } from './hash-embedder.js';
import { createUseEmbedder } from './use-embedder.js';

export type EmbedderOptions = { threads?: number };

type Provider = {
  /** How the spec is written, for error messages. */
  usage: string;
  /** `model` is what follows `<provider>:` in the spec, if anything. */
  create: (model: string | undefined, options: EmbedderOptions) => Embedder;
};

const PROVIDERS: Record<string, Provider> = {
  default: {
    usage: 'default',
    create: (model, options) => {
      if (model !== undefined) throw new Error(`embedder "default" takes no model, got "default:${model}"`);
      return createUseEmbedder({ threads: options.threads });
    },
  },
  test: {
    usage: 'test[:<dimension>]',
    create: (model) => {
      if (model === undefined) return createHashEmbedder();
      if (!/^\d+$/.test(model)) throw new Error(`embedder "test" takes a dimension, got "test:${model}"`);
      return createHashEmbedder(Number(model));
    },
  },
};

/** Builds an embedder from a spec such as `default`, `test` or `test:384`. */
export function createEmbedder(spec: string, options: EmbedderOptions = {}): Embedder {
  const colon = spec.indexOf(':');
  const name = colon < 0 ? spec : spec.slice(0, colon);
  const model = colon < 0 ? undefined : spec.slice(colon + 1);
  const provider = Object.hasOwn(PROVIDERS, name) ? PROVIDERS[name] : undefined;
  if (provider === undefined) {
    const known = Object.values(PROVIDERS).map((entry) => entry.usage);
    throw new Error(`unknown embedder "${spec}"; known: ${known.join(', ')}`);
  }
  return provider.create(model, options);
}

/** What a store records about its embedder. */
export function describeEmbedder(embedder: Embedder): { provider: string; model: string; dimension: number } {
  return { provider: embedder.provider, model: embedder.model, dimension: embedder.dimension };
}

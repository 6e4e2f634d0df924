import type { EmbedderInfo } from '../storage/store.js';
import type { Embedder } from './embedder.js';
import { createHashEmbedder } from './hash-embedder.js';
import { createOnnxEmbedder, type OnnxSettings } from './onnx-embedder.js';
import { createOpenAiEmbedder, type OpenAiSettings } from './openai-embedder.js';
import { createUseEmbedder } from './use-embedder.js';

/** What the providers need from the server's configuration. */
export type EmbedderSettings = {
  /** Threads for local models: the default embedder's worker threads, and each ONNX model's intra-op threads. */
  threads: number;
  onnx: Omit<OnnxSettings, 'threads'>;
  openai: OpenAiSettings;
};

type Provider = {
  /** How the spec is written, for error messages. */
  usage: string;
  /**
   * `model` is what follows `<provider>:` in the spec, if anything. `dimension` is given when reopening
   * a store's recorded embedder, which must produce it; otherwise the provider knows or discovers it.
   */
  create: (model: string | undefined, settings: EmbedderSettings, dimension?: number) => Promise<Embedder>;
  /** The spec that recreates a store's recorded embedder, e.g. after a restart. */
  specOf: (info: EmbedderInfo) => string;
};

function requireModel(provider: string, model: string | undefined, example: string): string {
  if (model === undefined || model === '') throw new Error(`embedder "${provider}" needs a model, e.g. "${example}"`);
  return model;
}

/** Every provider, by the name a spec starts with and a store records. */
const PROVIDERS: Record<string, Provider> = {
  default: {
    usage: 'default',
    create: async (model, settings) => {
      if (model !== undefined) throw new Error(`embedder "default" takes no model, got "default:${model}"`);
      // Loaded now, like the other providers' models, so that a model that cannot run fails here, at start.
      const embedder = createUseEmbedder({ threads: settings.threads });
      try {
        await embedder.warmup();
      } catch (error) {
        await embedder.close();
        throw error;
      }
      return embedder;
    },
    specOf: () => 'default',
  },
  test: {
    usage: 'test[:<dimension>]',
    create: async (model) => {
      if (model === undefined) return createHashEmbedder();
      if (!/^\d+$/.test(model)) throw new Error(`embedder "test" takes a dimension, got "test:${model}"`);
      return createHashEmbedder(Number(model));
    },
    specOf: (info) => `test:${info.dimension}`,
  },
  onnx: {
    usage: 'onnx:<model folder or hub name>',
    create: (model, settings, dimension) =>
      createOnnxEmbedder({ ...settings.onnx, threads: settings.threads, model: requireModel('onnx', model, 'onnx:Xenova/bge-small-en-v1.5'), dimension }),
    specOf: (info) => `onnx:${info.model}`,
  },
  openai: {
    usage: 'openai:<model>',
    create: (model, settings, dimension) =>
      createOpenAiEmbedder({ ...settings.openai, model: requireModel('openai', model, 'openai:text-embedding-3-small'), dimension }),
    specOf: (info) => `openai:${info.model}`,
  },
};

function providerNamed(name: string, spec: string): Provider {
  const provider = Object.hasOwn(PROVIDERS, name) ? PROVIDERS[name] : undefined;
  if (provider === undefined) {
    const known = Object.values(PROVIDERS).map((entry) => entry.usage);
    throw new Error(`unknown embedder "${spec}"; known: ${known.join(', ')}`);
  }
  return provider;
}

/**
 * Builds an embedder from a spec such as `default`, `test:384`, `onnx:/models/bge-small` or
 * `openai:text-embedding-3-small`. Providers that must load a model or ask a service to learn their
 * dimension do so before the promise resolves.
 */
export async function createEmbedder(spec: string, settings: EmbedderSettings, dimension?: number): Promise<Embedder> {
  const colon = spec.indexOf(':');
  const name = colon < 0 ? spec : spec.slice(0, colon);
  const model = colon < 0 ? undefined : spec.slice(colon + 1);
  return providerNamed(name, spec).create(model, settings, dimension);
}

/** The spec that recreates a recorded embedder. Throws for a provider this server does not know. */
export function specOf(info: EmbedderInfo): string {
  return providerNamed(info.provider, info.provider).specOf(info);
}

/** What a store records about its embedder. */
export function describeEmbedder(embedder: Embedder): EmbedderInfo {
  return { provider: embedder.provider, model: embedder.model, dimension: embedder.dimension };
}

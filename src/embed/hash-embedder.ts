import type { Embedder } from './embedder.js';
import { normalize } from './normalize.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const BIGRAM_WEIGHT = 0.5;
/**
 * Strips one suffix, keeping a stem of at least 3 characters: cats → cat, sitting → sitt, boxes → box,
 * but files → file (`es` only after s, x, z, ch, sh) and class stays class (no `s` after `s`).
 */
const SUFFIX = /^(.{3,}?)(?:ing|ed|ly|(?<=[sxz]|ch|sh)es|(?<!s)s)$/u;

/**
 * A deterministic, dependency-free embedder for tests and throughput benchmarks: feature hashing of
 * stemmed words plus word bigrams at half weight. Texts that share words score higher than texts
 * that do not; it knows nothing of meaning.
 */
export function createHashEmbedder(dimension = 256): Embedder {
  if (!Number.isInteger(dimension) || dimension < 1) {
    throw new Error(`hash embedder dimension must be a positive integer, got ${dimension}`);
  }
  const embed = (text: string) => hashEmbed(text, dimension);
  return {
    provider: 'test',
    model: `hash-${dimension}`,
    dimension,
    embedDocuments: async (texts, options) => {
      options?.signal?.throwIfAborted();
      return texts.map(embed);
    },
    embedQuery: async (text) => embed(text),
    close: async () => {},
  };
}

function hashEmbed(text: string, dimension: number): Float32Array {
  const vector = new Float32Array(dimension);
  const words = (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map(stem);
  for (let i = 0; i < words.length; i++) {
    addFeature(vector, fnv1a(words[i]), 1);
    if (i > 0) addFeature(vector, fnv1a(`${words[i - 1]} ${words[i]}`), BIGRAM_WEIGHT);
  }
  return normalize(vector);
}

/** The low bits pick the bucket and the top bit the sign, so colliding features tend to cancel, not pile up. */
function addFeature(vector: Float32Array, hash: number, weight: number): void {
  vector[hash % vector.length] += hash >>> 31 ? -weight : weight;
}

function stem(word: string): string {
  return SUFFIX.exec(word)?.[1] ?? word;
}

/** FNV-1a over UTF-16 code units; returns an unsigned 32-bit integer. */
function fnv1a(text: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

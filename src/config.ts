import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

/** Every setting, read from the environment; `trove serve` flags override them. The README lists them all. */
export type Config = {
  host: string;
  port: number;
  dataDir: string;
  /** `TROVE_API_KEYS`: comma-separated `key` or `project:key`; empty means no auth (loopback only). */
  apiKeys: string;
  /** Embedder for new stores: `default` (offline Universal Sentence Encoder) or `test` (hashing, for tests and benchmarks). */
  embedder: string;
  embedThreads: number;
  ingestConcurrency: number;
  logLevel: string;
};

function integer(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got '${raw}'`);
  return value;
}

export function configFromEnv(env = process.env): Config {
  return {
    host: env.TROVE_HOST || '127.0.0.1',
    port: integer('TROVE_PORT', 8787),
    dataDir: resolve(env.TROVE_DATA_DIR || './data'),
    apiKeys: env.TROVE_API_KEYS ?? '',
    embedder: env.TROVE_EMBEDDER || 'default',
    embedThreads: integer('TROVE_EMBED_THREADS', Math.min(2, availableParallelism())),
    ingestConcurrency: integer('TROVE_INGEST_CONCURRENCY', 4),
    logLevel: env.TROVE_LOG_LEVEL || 'info',
  };
}

// Every Prometheus metric Trove exports, in one registry. The modules that know a fact record it with one
// call; gauges that need the database or the vector index are set when /metrics is scraped. The registry
// belongs to the process: servers started side by side in one process (as tests do) share it, so read
// counters as differences.

import type { StoreUsage } from '../search/vector-index.js';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type LabelValues } from 'prom-client';

export const registry = new Registry();
// Process memory, CPU, event-loop lag, heap and GC, under prom-client's standard names.
collectDefaultMetrics({ register: registry });

/** Seconds, from a fast keyword lookup to a slow batch of embeddings. */
const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Texts per embedding call: one query, up to a group of files' chunks. */
const TEXTS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192];
const registers = [registry];

export const httpRequestSeconds = new Histogram({
  name: 'trove_http_request_duration_seconds',
  help: 'HTTP requests by method, route pattern and status, and how long they took in seconds; _count counts requests.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: SECONDS,
  registers,
});

export const ingestFilesCompleted = new Counter({
  name: 'trove_ingest_files_completed_total',
  help: 'Files indexed into a vector store (status completed).',
  registers,
});

export const ingestFilesFailed = new Counter({
  name: 'trove_ingest_files_failed_total',
  help: 'Files that ended failed, by last_error code.',
  labelNames: ['code'] as const,
  registers,
});

export const ingestRetries = new Counter({
  name: 'trove_ingest_retries_total',
  help: 'Ingestion attempts that failed and were queued to run again.',
  registers,
});

export const chunksIndexed = new Counter({
  name: 'trove_chunks_indexed_total',
  help: 'Chunks written with their keyword rows and vectors; rate() gives chunks per second.',
  registers,
});

export const ingestQueueDepth = new Gauge({
  name: 'trove_ingest_queue_depth',
  help: 'Ingestion jobs not finished: waiting, running or due for a retry (all processes on this database).',
  registers,
});

export const ingestOldestJobAge = new Gauge({
  name: 'trove_ingest_oldest_job_age_seconds',
  help: 'Seconds since the file of the oldest unfinished ingestion job was attached; 0 when the queue is empty.',
  registers,
});

export const embedSeconds = new Histogram({
  name: 'trove_embed_duration_seconds',
  help: 'Embedding calls by provider and kind (documents or query), in seconds.',
  labelNames: ['provider', 'kind'] as const,
  buckets: SECONDS,
  registers,
});

export const embedBatchSize = new Histogram({
  name: 'trove_embed_batch_size',
  help: 'Texts per embedding call, by provider and kind (documents or query).',
  labelNames: ['provider', 'kind'] as const,
  buckets: TEXTS,
  registers,
});

export const searchStageSeconds = new Histogram({
  name: 'trove_search_stage_duration_seconds',
  help: 'Search stages per query string, in seconds: keyword (BM25), vector (nearest neighbours, after the query is embedded), fusion.',
  labelNames: ['stage'] as const,
  buckets: SECONDS,
  registers,
});

export const vectorStoresLoaded = new Gauge({
  name: 'trove_vector_stores_loaded',
  help: 'Vector stores held in memory for search, by class: exact (scanned) or hnsw (searched through an HNSW graph).',
  labelNames: ['class'] as const,
  registers,
});

export const vectorsLoaded = new Gauge({
  name: 'trove_vectors_loaded',
  help: 'Vectors held in memory for search, by store class.',
  labelNames: ['class'] as const,
  registers,
});

export const vectorBytesLoaded = new Gauge({
  name: 'trove_vector_bytes_loaded',
  help: 'Bytes held in memory for vector search by store class: vectors, ids and, for hnsw stores, an estimate of the graph.',
  labelNames: ['class'] as const,
  registers,
});

export type SearchStage = 'keyword' | 'vector' | 'fusion';

/** Awaits `work` and records its duration in seconds, whether it succeeds or throws. */
export async function timed<T, L extends string>(histogram: Histogram<L>, labels: LabelValues<L>, work: () => Promise<T>): Promise<T> {
  const end = histogram.startTimer(labels);
  try {
    return await work();
  } finally {
    end();
  }
}

/** Runs synchronous `work` and records its duration in seconds. */
export function timedSync<T, L extends string>(histogram: Histogram<L>, labels: LabelValues<L>, work: () => T): T {
  const end = histogram.startTimer(labels);
  try {
    return work();
  } finally {
    end();
  }
}

export const timeSearchStage = <T>(stage: SearchStage, work: () => Promise<T>) => timed(searchStageSeconds, { stage }, work);
export const timeSearchStageSync = <T>(stage: SearchStage, work: () => T) => timedSync(searchStageSeconds, { stage }, work);

/** Times one embedding call of `texts` texts and records its batch size. */
export function timeEmbedding<T>(provider: string, kind: 'documents' | 'query', texts: number, work: () => Promise<T>): Promise<T> {
  embedBatchSize.observe({ provider, kind }, texts);
  return timed(embedSeconds, { provider, kind }, work);
}

/** Counts files written by one ingestion transaction, given each written file's chunk count. */
export function countIndexed(chunksPerFile: number[]): void {
  ingestFilesCompleted.inc(chunksPerFile.length);
  chunksIndexed.inc(chunksPerFile.reduce((sum, n) => sum + n, 0));
}

/** Sets the queue gauges from the database's backlog, read when metrics are scraped. */
export function setBacklog(backlog: { jobs: number; oldestAttachedAt: number | null }, nowSeconds: number): void {
  ingestQueueDepth.set(backlog.jobs);
  ingestOldestJobAge.set(backlog.oldestAttachedAt === null ? 0 : Math.max(0, nowSeconds - backlog.oldestAttachedAt));
}

/** Sets the vector memory gauges from the stores held in memory, read when metrics are scraped. */
export function setVectorUsage(usage: StoreUsage[]): void {
  for (const storeClass of ['exact', 'hnsw'] as const) {
    const stores = usage.filter((store) => store.storeClass === storeClass);
    vectorStoresLoaded.set({ class: storeClass }, stores.length);
    vectorsLoaded.set({ class: storeClass }, stores.reduce((sum, store) => sum + store.vectors, 0));
    vectorBytesLoaded.set({ class: storeClass }, stores.reduce((sum, store) => sum + store.bytes, 0));
  }
}

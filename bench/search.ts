// npm run bench:search [-- --sizes 10000,100000,1000000 --queries 200 --k 10]
//
// The vector side of search, measured on the index itself: a VectorIndex fed by an in-memory ChunkRows holding
// synthetic vectors (no SQLite, no HTTP, no query embedding: queries are given vectors). Vectors are 384-d and
// clustered like sentence embeddings: 1,000 clusters, each point its cluster's centre plus a random mix of the
// cluster's 8 directions plus a little noise, unit length. Files hold 20 chunks; 1% of files carry the attribute
// the filtered runs select. Latency p50/p95/p99 and QPS with one client and with 8 in flight, recall@k against
// exact search over the same rows, the same figures for the exact scan, and the resident memory of the index.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ChunkRows } from '../src/storage/store.js';
import { VectorIndex } from '../src/search/vector-index.js';
import { flag, formatTable } from './support.js';
import { seededRandom } from '../test/support/random.js';

const DIMENSION = 384;
const CLUSTERS = 1000;
const DIRECTIONS = 8;
const CHUNKS_PER_FILE = 20;
const STORE = 'vs_bench';

const sizes = flag('sizes', '10000,100000,1000000').split(',').map(Number);
const queryCount = Number(flag('queries', '200'));
const k = Number(flag('k', '10'));

type Corpus = { chunks: ChunkRows; allFiles: Set<string>; taggedFiles: Set<string>; queries: Float32Array[] };
type Run = { latencies: number[]; ms: number; results: number[][] };

function gaussian(next: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
}

function makeSampler(seed: number): () => Float32Array {
  const normal = gaussian(seededRandom(seed));
  const centres = Float32Array.from({ length: CLUSTERS * DIMENSION }, normal);
  const directions = Float32Array.from({ length: CLUSTERS * DIRECTIONS * DIMENSION }, () => normal() * 0.5);
  const pick = seededRandom(seed + 1);
  return () => {
    const c = Math.floor(pick() * CLUSTERS);
    const v = new Float32Array(DIMENSION);
    for (let j = 0; j < DIMENSION; j += 1) v[j] = centres[c * DIMENSION + j]! + normal() * 0.1;
    for (let d = 0; d < DIRECTIONS; d += 1) {
      const w = normal();
      const base = (c * DIRECTIONS + d) * DIMENSION;
      for (let j = 0; j < DIMENSION; j += 1) v[j]! += w * directions[base + j]!;
    }
    let norm = 0;
    for (let j = 0; j < DIMENSION; j += 1) norm += v[j]! * v[j]!;
    const scale = 1 / Math.sqrt(norm);
    for (let j = 0; j < DIMENSION; j += 1) v[j]! *= scale;
    return v;
  };
}

function makeCorpus(size: number): Corpus {
  const sample = makeSampler(7);
  const data = new Float32Array(size * DIMENSION);
  for (let i = 0; i < size; i += 1) data.set(sample(), i * DIMENSION);
  const fileOf = (row: number) => `file-${Math.floor(row / CHUNKS_PER_FILE)}`;
  const files = Math.ceil(size / CHUNKS_PER_FILE);
  const allFiles = new Set(Array.from({ length: files }, (_, f) => `file-${f}`));
  const taggedFiles = new Set([...allFiles].filter((_, f) => f % 100 === 37));
  const chunks: ChunkRows = {
    async version() {
      return { epoch: 0, maxId: size };
    },
    async vectorsSince(_storeId, afterId) {
      const rows = Array.from({ length: size - afterId }, (_, i) => afterId + i);
      return {
        epoch: 0,
        ids: rows.map((row) => row + 1),
        fileIds: rows.map(fileOf),
        vectors: rows.map((row) => data.subarray(row * DIMENSION, (row + 1) * DIMENSION)),
      };
    },
    keyword: () => Promise.reject(new Error('not in this bench')),
    get: () => Promise.reject(new Error('not in this bench')),
    documentText: () => Promise.reject(new Error('not in this bench')),
  };
  return { chunks, allFiles, taggedFiles, queries: Array.from({ length: queryCount }, sample) };
}

async function run(index: VectorIndex, corpus: Corpus, files: Set<string>, clients: number, queries = corpus.queries): Promise<Run> {
  const latencies: number[] = [];
  const results: number[][] = [];
  let nextQuery = 0;
  const started = performance.now();
  const client = async () => {
    for (let q = nextQuery++; q < queries.length; q = nextQuery++) {
      const t = performance.now();
      const hits = await index.search(STORE, queries[q]!, k, files);
      latencies.push(performance.now() - t);
      results[q] = hits.map((h) => h.id);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return { latencies, ms: performance.now() - started, results };
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;
/** Resident memory once garbage is collected; V8 releases large buffers (the float32 rows half precision replaced) a moment after. */
async function rssMb(): Promise<number> {
  for (let i = 0; i < 3; i += 1) {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return process.memoryUsage().rss / 2 ** 20;
}

function recall(found: number[][], truth: number[][]): number {
  let hit = 0;
  let total = 0;
  truth.forEach((ids, q) => {
    const got = new Set(found[q]);
    hit += ids.filter((id) => got.has(id)).length;
    total += ids.length;
  });
  return total === 0 ? 1 : hit / total;
}

const rows: Array<Record<string, string | number>> = [];
const memory: Array<Record<string, string | number>> = [];
for (const size of sizes) {
  const corpus = makeCorpus(size);
  const rssBefore = await rssMb();
  const index = new VectorIndex(corpus.chunks);
  const buildStarted = performance.now();
  // The first search loads the vectors and starts the graph build in the background; the longest the
  // build then holds the event loop is how long a search could wait behind it.
  await index.search(STORE, corpus.queries[0]!, k, corpus.allFiles);
  const stall = monitorEventLoopDelay({ resolution: 5 });
  stall.enable();
  await index.indexed(STORE, DIMENSION);
  stall.disable();
  const buildSeconds = (performance.now() - buildStarted) / 1000;
  const longestStallMs = size >= 50_000 ? (stall.max / 1e6).toFixed(1) : '-';

  const filters = [
    { name: 'none', files: corpus.allFiles },
    { name: '1% of files', files: corpus.taggedFiles },
  ];
  const measured = [];
  for (const filter of filters) {
    await run(index, corpus, filter.files, 1, corpus.queries.slice(0, 10)); // warm-up
    for (const clients of [1, 8]) measured.push({ filter, clients, run: await run(index, corpus, filter.files, clients) });
  }
  const rawMb = (size * DIMENSION * 4) / 2 ** 20;
  const indexMb = (await rssMb()) - rssBefore;
  memory.push({ chunks: size, 'load+build s': buildSeconds, 'longest stall during build ms': longestStallMs, 'raw vectors MB': rawMb, 'RSS delta MB': indexMb, ratio: (indexMb / rawMb).toFixed(2) });
  index.forget(STORE);

  const exact = new VectorIndex(corpus.chunks, { hnswMinRows: Infinity });
  for (const { filter, clients, run: approximate } of measured) {
    const truth = await run(exact, corpus, filter.files, clients);
    const p50 = percentile(approximate.latencies, 50);
    const qps = (r: Run) => (r.latencies.length * 1000) / r.ms;
    const single = measured.find((m) => m.filter === filter && m.clients === 1)!.run;
    rows.push({
      chunks: size,
      filter: filter.name,
      clients,
      'p50 ms': p50.toFixed(2),
      'p95 ms': percentile(approximate.latencies, 95).toFixed(2),
      'p99 ms': percentile(approximate.latencies, 99).toFixed(2),
      QPS: Math.round(qps(approximate)),
      'QPS / 1 client': (qps(approximate) / qps(single)).toFixed(2),
      [`recall@${k}`]: recall(approximate.results, truth.results).toFixed(3),
      'exact p50 ms': percentile(truth.latencies, 50).toFixed(2),
      'exact QPS': Math.round((truth.latencies.length * 1000) / truth.ms),
      'speed-up p50': (percentile(truth.latencies, 50) / p50).toFixed(1),
    });
  }
  exact.forget(STORE);
  console.log(formatTable(rows.filter((r) => r.chunks === size)));
}

console.log(`\nsearch, k=${k}, ${queryCount} queries per run, dimension ${DIMENSION}; HNSW from ${50_000} chunks, below that exact`);
console.log(formatTable(rows));
console.log('\nresident memory of the loaded index after the searches (process RSS delta, vectors held by the fake store excluded)');
console.log(formatTable(memory));

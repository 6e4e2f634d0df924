import type { ChunkRows, ScoredChunk } from '../storage/store.js';
import { rowDot, scanAll, scanRows, TopK } from './exact-scan.js';
import { findSavedIndex, publishIndex } from './hnsw-file.js';
import { DEFAULT_HNSW_SETTINGS, HnswIndex, type HnswSettings } from './hnsw-index.js';
import { VectorMatrix } from './vector-matrix.js';

export type VectorIndexOptions = {
  /** Where HNSW indexes are saved, to be caught up rather than rebuilt after a restart; unset: never saved. */
  indexDir?: string;
  /** Stores with at least this many chunks get an HNSW index; smaller ones are always searched exactly. */
  hnswMinRows: number;
  /** A search whose filter allows at most this many rows, or under this fraction of the store, is exact. */
  exactMaxRows: number;
  exactMaxFraction: number;
  /** Candidates asked of the HNSW index per wanted result (at least `minCandidates`), divided by the allowed fraction. */
  oversample: number;
  minCandidates: number;
  /** How long one step of building the HNSW index may hold the event loop, in ms; rows are added in steps sized to it. */
  stepMs: number;
  hnsw: HnswSettings;
};

export const DEFAULT_VECTOR_INDEX_OPTIONS: VectorIndexOptions = {
  hnswMinRows: 50_000,
  exactMaxRows: 20_000,
  exactMaxFraction: 0.02,
  oversample: 2,
  minCandidates: 192,
  stepMs: 20,
  hnsw: DEFAULT_HNSW_SETTINGS,
};

/** A store's vectors in memory, its HNSW index once the store is large, and the background work keeping that index current. */
type StoreIndex = {
  matrix: VectorMatrix;
  hnsw: HnswIndex | null;
  indexing: Promise<void> | null;
  failure: unknown;
};

type Allowed = { mask: Uint8Array; rows: number };

export type StoreUsage = { storeClass: 'exact' | 'hnsw'; vectors: number; bytes: number };

/**
 * Nearest-neighbour search per vector store, kept current from the stored vectors (the source of truth).
 * Every store has a matrix of its vectors: new chunks are appended by id, and a deletion (the store's
 * epoch moved) reloads it. Large stores also get an HNSW index, built in the background while searches
 * stay exact; it is saved under `indexDir` and caught up from its high-water mark after a restart. Once
 * the index holds the store, the matrix keeps its rows at half precision (rescoring needs no more).
 * Filters select rows before ranking: few allowed rows are scanned exactly, many are searched in the
 * index with oversampling, and the exact scan answers whenever the index yields fewer than k of them.
 * Vectors are unit length, so the dot product is the cosine.
 */
export class VectorIndex {
  private readonly stores = new Map<string, StoreIndex>();
  private readonly refreshing = new Map<string, Promise<StoreIndex>>();
  private readonly options: VectorIndexOptions;

  constructor(
    private readonly chunks: ChunkRows,
    options: Partial<VectorIndexOptions> = {},
  ) {
    this.options = { ...DEFAULT_VECTOR_INDEX_OPTIONS, ...options };
  }

  /** The `k` chunks most similar to `query` among those whose file is in `files` (null: any file), best first. Scores are cosines. */
  async search(storeId: string, query: Float32Array, k: number, files: ReadonlySet<string> | null): Promise<ScoredChunk[]> {
    const state = await this.current(storeId, query.length);
    if (state.failure !== null) {
      const failure = state.failure;
      state.failure = null; // the next search tries the index again
      throw failure;
    }
    this.startIndexing(storeId, state);
    const m = state.matrix;
    const allowed = m.allowedFiles(files);
    if (allowed.rows === 0 || k <= 0) return [];
    const top = this.usesIndex(state, allowed) ? this.approximate(m, state.hnsw!, query, k, allowed) : exact(m, query, k, allowed);
    return top.rows.map((row, i) => ({ id: m.ids[row]!, score: top.scores[i]! }));
  }

  /** Resolves once the store's HNSW index (if it is large enough for one) holds all its current chunks. */
  async indexed(storeId: string, dimension: number): Promise<void> {
    const state = await this.current(storeId, dimension);
    this.startIndexing(storeId, state);
    while (state.indexing) {
      await state.indexing;
      if (state.failure !== null) {
        const failure = state.failure;
        state.failure = null;
        throw failure;
      }
      this.startIndexing(storeId, state);
    }
  }

  /** What each store held in memory costs: `exact` stores are scanned, `hnsw` stores searched through their graph. */
  usage(): StoreUsage[] {
    return [...this.stores.values()].map(({ matrix, hnsw }) => ({
      storeClass: hnsw !== null && hnsw.size > 0 ? 'hnsw' : 'exact',
      vectors: matrix.count,
      bytes: matrix.byteLength + (hnsw?.approximateBytes ?? 0),
    }));
  }

  forget(storeId: string): void {
    this.stores.delete(storeId);
  }

  private usesIndex(state: StoreIndex, allowed: Allowed): boolean {
    const { hnsw, matrix } = state;
    if (!hnsw || hnsw.epoch !== matrix.epoch || hnsw.size === 0) return false;
    return allowed.rows > this.options.exactMaxRows && allowed.rows >= matrix.count * this.options.exactMaxFraction;
  }

  /** HNSW candidates from the allowed files, rescored exactly, plus the rows the index does not hold yet. */
  private approximate(m: VectorMatrix, hnsw: HnswIndex, query: Float32Array, k: number, allowed: Allowed): TopK {
    const wanted = Math.ceil((Math.max(k * this.options.oversample, this.options.minCandidates) * m.count) / allowed.rows);
    // Asking the graph for every node costs more than scanning the allowed rows, and a traversal may still miss some.
    if (wanted >= hnsw.size) return exact(m, query, k, allowed);
    const top = new TopK(k);
    for (const id of hnsw.search(query, wanted)) {
      const row = m.rowOf(id);
      if (row >= 0 && allowed.mask[m.fileOrdinals[row]!] === 1) top.offer(row, rowDot(m, row, query));
    }
    scanRows(m, query, allowed.mask, m.firstRowAfter(hnsw.mark), m.count, top);
    // Too few allowed rows among the candidates: never answer short, scan them all.
    return top.size < Math.min(k, allowed.rows) ? exact(m, query, k, allowed) : top;
  }

  private current(storeId: string, dimension: number): Promise<StoreIndex> {
    // One refresh per store at a time; concurrent searches share it.
    let pending = this.refreshing.get(storeId);
    if (!pending) {
      pending = this.refresh(storeId, dimension).finally(() => this.refreshing.delete(storeId));
      this.refreshing.set(storeId, pending);
    }
    return pending;
  }

  private async refresh(storeId: string, dimension: number): Promise<StoreIndex> {
    const version = await this.chunks.version(storeId);
    const state = this.stores.get(storeId);
    const m = state?.matrix;
    if (state && m && m.epoch === version.epoch && m.dimension === dimension) {
      if (m.maxId === version.maxId) return state;
      const added = await this.chunks.vectorsSince(storeId, m.maxId);
      if (added.epoch === m.epoch) {
        m.append(added);
        return state;
      }
    }
    // First load, a deletion (the epoch moved, perhaps between the two reads above) or another dimension: load it all.
    const all = await this.chunks.vectorsSince(storeId, 0);
    const fresh = new VectorMatrix(all.epoch, dimension);
    fresh.append(all);
    if (!state) {
      const created: StoreIndex = { matrix: fresh, hnsw: null, indexing: null, failure: null };
      this.stores.set(storeId, created);
      return created;
    }
    if (state.hnsw && !(m && m.dimension === dimension && reconcile(state.hnsw, m, fresh, this.options.hnsw.addThreads))) state.hnsw = null;
    if (state.hnsw) fresh.toHalfPrecision();
    state.matrix = fresh;
    return state;
  }

  /** Starts bringing the store's HNSW index up to date in the background, unless the store is small, or it is current or on its way. */
  private startIndexing(storeId: string, state: StoreIndex): void {
    const { matrix, hnsw } = state;
    if (state.indexing || matrix.count < this.options.hnswMinRows) return;
    if (hnsw && hnsw.epoch === matrix.epoch && matrix.firstRowAfter(hnsw.mark) === matrix.count) return;
    state.indexing = this.catchUp(storeId, state)
      .catch((error: unknown) => {
        state.failure = error;
      })
      .finally(() => {
        state.indexing = null;
      });
  }

  private async catchUp(storeId: string, state: StoreIndex): Promise<void> {
    const { stepMs, indexDir, hnsw: settings } = this.options;
    const hnsw = state.hnsw ?? this.loadSaved(storeId, state.matrix) ?? HnswIndex.create(state.matrix.dimension, state.matrix.epoch, settings);
    state.hnsw = hnsw;
    // Each step adds as many rows as fit in `stepMs`, judged by the last step, so that searches wait little.
    let rowsPerStep = 64;
    for (;;) {
      if (state.hnsw !== hnsw || this.stores.get(storeId) !== state) return; // dropped by a reload or forgotten
      const m = state.matrix;
      const from = m.firstRowAfter(hnsw.mark);
      if (from >= m.count) break;
      const to = Math.min(m.count, from + rowsPerStep);
      const started = performance.now();
      hnsw.addRows(m, from, to, settings.addThreads);
      const msPerRow = Math.max(1e-3, (performance.now() - started) / (to - from));
      rowsPerStep = Math.max(8, Math.min(4096, Math.floor(stepMs / msPerRow)));
      await new Promise((resolve) => setImmediate(resolve));
    }
    // The index finds candidates from now on, and half precision is plenty to rescore them.
    await state.matrix.toHalfPrecisionInSteps(stepMs);
    // Save once a twentieth of the index has changed: a restart then catches up at most that much.
    if (indexDir !== undefined && hnsw.changedSinceSave * 20 >= hnsw.size) {
      publishIndex(indexDir, storeId, hnsw.epoch, hnsw.mark, (path) => hnsw.save(path));
    }
  }

  private loadSaved(storeId: string, m: VectorMatrix): HnswIndex | null {
    const saved = this.options.indexDir === undefined ? null : findSavedIndex(this.options.indexDir, storeId);
    if (!saved || saved.epoch !== m.epoch || saved.mark > m.maxId) return null;
    return HnswIndex.load(saved.path, m.dimension, saved.epoch, saved.mark, this.options.hnsw);
  }
}

function exact(m: VectorMatrix, query: Float32Array, k: number, allowed: Allowed): TopK {
  if (allowed.rows === m.count) return scanAll(m, query, k);
  const top = new TopK(k);
  scanRows(m, query, allowed.mask, 0, m.count, top);
  return top;
}

/**
 * Carries `hnsw` from the matrix it was built on to `fresh`, reloaded after deletions: removes the chunks that
 * are gone and adds those that appeared under its mark. False when so much is gone that a new graph is better.
 */
function reconcile(hnsw: HnswIndex, old: VectorMatrix, fresh: VectorMatrix, threads: number): boolean {
  if (hnsw.epoch !== old.epoch) return false;
  const removed: number[] = [];
  const added: number[] = [];
  const oldEnd = old.firstRowAfter(hnsw.mark);
  const freshEnd = fresh.firstRowAfter(hnsw.mark);
  let i = 0;
  let j = 0;
  while (i < oldEnd || j < freshEnd) {
    const oldId = i < oldEnd ? old.ids[i]! : Infinity;
    const freshId = j < freshEnd ? fresh.ids[j]! : Infinity;
    if (oldId < freshId) {
      removed.push(oldId);
      i += 1;
    } else if (freshId < oldId) {
      added.push(j);
      j += 1;
    } else {
      // SQLite may hand a deleted chunk's id to a new chunk: a different vector under the same id.
      if (!sameStart(old, i, fresh, j)) {
        removed.push(oldId);
        added.push(j);
      }
      i += 1;
      j += 1;
    }
  }
  if (removed.length * 4 > hnsw.size) return false;
  hnsw.remove(removed);
  hnsw.addScattered(fresh, added, threads);
  hnsw.epoch = fresh.epoch;
  return true;
}

/** Whether two rows begin with the same components: embeddings of different texts practically never do. */
function sameStart(a: VectorMatrix, rowA: number, b: VectorMatrix, rowB: number): boolean {
  const n = Math.min(8, a.dimension);
  for (let c = 0; c < n; c += 1) {
    if (a.component(rowA, c) !== b.component(rowB, c)) return false;
  }
  return true;
}

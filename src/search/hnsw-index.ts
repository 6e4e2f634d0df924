import { Index, MetricKind, ScalarKind } from './usearch.js';
import type { VectorMatrix } from './vector-matrix.js';

export type HnswSettings = {
  /** Graph degree (usearch's connectivity, HNSW's M). */
  connectivity: number;
  expansionAdd: number;
  expansionSearch: number;
  /** Threads usearch may use to add vectors. */
  addThreads: number;
};

export const DEFAULT_HNSW_SETTINGS: HnswSettings = {
  connectivity: 16,
  expansionAdd: 128,
  expansionSearch: 64,
  addThreads: 2,
};

/**
 * An HNSW graph (usearch) over a store's chunks, keyed by chunk id, holding int8 copies of the vectors;
 * the matrix rescores the candidates it finds. It holds every chunk of the matrix at `epoch` with id up
 * to `mark`; rows past the mark are not in it yet, and the caller scans them exactly.
 */
export class HnswIndex {
  /** Keys added or removed since the index was last saved. */
  changedSinceSave = 0;

  private constructor(
    private readonly graph: Index,
    public epoch: number,
    public mark: number,
  ) {}

  static create(dimension: number, epoch: number, settings: HnswSettings): HnswIndex {
    return new HnswIndex(newGraph(dimension, settings), epoch, 0);
  }

  /** An index saved by `save`, or null when the file is not an index of this dimension. */
  static load(path: string, dimension: number, epoch: number, mark: number, settings: HnswSettings): HnswIndex | null {
    const graph = newGraph(dimension, settings);
    try {
      graph.load(path);
    } catch {
      return null; // unreadable or written by another usearch: it is only a cache, so rebuild
    }
    return graph.dimensions() === dimension ? new HnswIndex(graph, epoch, mark) : null;
  }

  get size(): number {
    return this.graph.size();
  }

  /** An estimate of the graph's memory: per allocated node its int8 vector, key and level, and base-level links (2 × connectivity 4-byte slots). */
  get approximateBytes(): number {
    return this.graph.capacity() * (this.graph.dimensions() + 16 + 8 * this.graph.connectivity());
  }

  /** Adds rows [from, to) of `m`, which must be the rows right after the mark; the mark moves to the last one. */
  addRows(m: VectorMatrix, from: number, to: number, threads: number): void {
    if (to <= from) return;
    const keys = BigUint64Array.from(m.ids.subarray(from, to), (id) => BigInt(id));
    this.graph.add(keys, toInt8(m.rowsAsFloat32(from, to), m.dimension), threads);
    this.mark = m.ids[to - 1]!;
    this.changedSinceSave += to - from;
  }

  /** Adds the given rows of `m`, wherever they are (chunks written under the mark). */
  addScattered(m: VectorMatrix, rows: number[], threads: number): void {
    if (rows.length === 0) return;
    const dim = m.dimension;
    const vectors = new Float32Array(rows.length * dim);
    rows.forEach((row, i) => vectors.set(m.rowsAsFloat32(row, row + 1), i * dim));
    this.graph.add(BigUint64Array.from(rows, (row) => BigInt(m.ids[row]!)), toInt8(vectors, dim), threads);
    this.changedSinceSave += rows.length;
  }

  remove(ids: number[]): void {
    if (ids.length === 0) return;
    this.graph.remove(BigUint64Array.from(ids, (id) => BigInt(id)));
    this.changedSinceSave += ids.length;
  }

  /** Chunk ids of the about-`count` nearest neighbours of `query`, by the index's (quantized) distance. */
  search(query: Float32Array, count: number): number[] {
    const matches = this.graph.search(toInt8(query, query.length), Math.min(count, this.size), 1);
    const ids: number[] = [];
    matches.keys.forEach((key: bigint) => ids.push(Number(key)));
    return ids;
  }

  save(path: string): void {
    this.graph.save(path);
    this.changedSinceSave = 0;
  }
}

/**
 * Unit vectors as int8, scaled so that five standard deviations of a component (1/sqrt(dimension) for a
 * unit vector spread over every axis) span the int8 range; rarer, larger components saturate. usearch's
 * own conversion scales each vector's norm to 127, which leaves ~6 levels per standard deviation at 384
 * dimensions, too coarse to order close neighbours.
 */
function toInt8(vectors: Float32Array, dimension: number): Int8Array {
  const scale = (127 * Math.sqrt(dimension)) / 5;
  return Int8Array.from(vectors, (x) => Math.max(-127, Math.min(127, Math.round(x * scale))));
}

function newGraph(dimension: number, settings: HnswSettings): Index {
  return new Index({
    dimensions: dimension,
    metric: MetricKind.IP,
    quantization: ScalarKind.I8,
    connectivity: settings.connectivity,
    expansion_add: settings.expansionAdd,
    expansion_search: settings.expansionSearch,
    multi: false,
  });
}

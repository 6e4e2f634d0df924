import { exactSearch, Matches, MetricKind } from './usearch.js';
import { HALF_TO_FLOAT } from './half-float.js';
import type { VectorMatrix } from './vector-matrix.js';

/** Keeps the k best (row, score) pairs offered; k is small, so a sorted array beats a heap. */
export class TopK {
  readonly rows: number[] = [];
  readonly scores: number[] = [];

  constructor(readonly k: number) {}

  get size(): number {
    return this.rows.length;
  }

  /** The score an offer must beat to get in. */
  get floor(): number {
    return this.rows.length < this.k ? -Infinity : this.scores[this.k - 1]!;
  }

  offer(row: number, score: number): void {
    if (score <= this.floor) return;
    let i = this.rows.length;
    while (i > 0 && this.scores[i - 1]! < score) i -= 1;
    this.rows.splice(i, 0, row);
    this.scores.splice(i, 0, score);
    if (this.rows.length > this.k) {
      this.rows.pop();
      this.scores.pop();
    }
  }
}

/**
 * The dot product of row `row` of `m` with `query`. Vectors are unit length: this is the cosine. The two
 * loops below differ only in how a component is read; kept apart, each stays monomorphic and fast.
 */
export function rowDot(m: VectorMatrix, row: number, query: Float32Array): number {
  return m.half ? halfDot(m.half, row * m.dimension, query) : floatDot(m.data, row * m.dimension, query);
}

/** The dot product of `query` with the float32 row at `start`, unrolled by four. */
function floatDot(data: Float32Array, start: number, query: Float32Array): number {
  const dim = query.length;
  const end4 = start + (dim & ~3);
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  let j = 0;
  for (let i = start; i < end4; i += 4, j += 4) {
    a += data[i]! * query[j]!;
    b += data[i + 1]! * query[j + 1]!;
    c += data[i + 2]! * query[j + 2]!;
    d += data[i + 3]! * query[j + 3]!;
  }
  for (let i = end4; i < start + dim; i += 1, j += 1) a += data[i]! * query[j]!;
  return a + b + c + d;
}

/** The dot product of `query` with the binary16 row at `start`, unrolled by four. */
function halfDot(half: Uint16Array, start: number, query: Float32Array): number {
  const value = HALF_TO_FLOAT;
  const dim = query.length;
  const end4 = start + (dim & ~3);
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  let j = 0;
  for (let i = start; i < end4; i += 4, j += 4) {
    a += value[half[i]!]! * query[j]!;
    b += value[half[i + 1]!]! * query[j + 1]!;
    c += value[half[i + 2]!]! * query[j + 2]!;
    d += value[half[i + 3]!]! * query[j + 3]!;
  }
  for (let i = end4; i < start + dim; i += 1, j += 1) a += value[half[i]!]! * query[j]!;
  return a + b + c + d;
}

/** Offers every row in [from, to) whose file is allowed by `mask` (an allowed-file mask over ordinals) to `top`. */
export function scanRows(m: VectorMatrix, query: Float32Array, mask: Uint8Array, from: number, to: number, top: TopK): void {
  const ordinals = m.fileOrdinals;
  for (let row = from; row < to; row += 1) {
    if (mask[ordinals[row]!] === 0) continue;
    const score = rowDot(m, row, query);
    if (score > top.floor) top.offer(row, score);
  }
}

/** Exact top-k over every row, with usearch's native SIMD scan while the rows are float32. */
export function scanAll(m: VectorMatrix, query: Float32Array, k: number): TopK {
  const top = new TopK(k);
  const count = Math.min(k, m.count);
  if (count === 0) return top;
  if (m.half) {
    for (let row = 0; row < m.count; row += 1) top.offer(row, rowDot(m, row, query));
    return top;
  }
  // A copy of the query: exactSearch reads a typed array's buffer from its start, ignoring a view's offset.
  const matches = exactSearch(m.data.subarray(0, m.count * m.dimension), query.slice(), m.dimension, count, MetricKind.IP, 1);
  if (!(matches instanceof Matches)) throw new Error('exactSearch answered a batch for one query');
  matches.keys.forEach((key) => {
    const row = Number(key);
    top.offer(row, rowDot(m, row, query));
  });
  return top;
}

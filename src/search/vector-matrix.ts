import type { ChunkRows } from '../storage/store.js';
import { encodeHalf, HALF_TO_FLOAT } from './half-float.js';

export type VectorRows = Awaited<ReturnType<ChunkRows['vectorsSince']>>;

/** Growth factor of the row buffers: small, because at a million rows every spare row costs 1.5 KB. */
const GROWTH = 1.25;

/**
 * A store's chunk vectors as one row-major matrix, in chunk id order, with each row's chunk id and file.
 * Rows are float32 (`data`) until `toHalfPrecision`, then binary16 (`half`): a large store's HNSW index
 * finds candidates and half precision rescores them, at half the memory. Files are numbered once
 * (`fileOrdinals`), so a search's allowed files become a byte mask indexed by ordinal instead of a
 * string lookup per row.
 */
export class VectorMatrix {
  count = 0;
  maxId = 0;
  ids = new Float64Array(0);
  fileOrdinals = new Int32Array(0);
  /** Float32 rows; empty once the matrix is half precision. */
  data = new Float32Array(0);
  /** Binary16 rows, or null while the matrix is float32. */
  half: Uint16Array | null = null;
  private readonly ordinalOf = new Map<string, number>();
  private readonly fileIds: string[] = [];
  private readonly rowsOfFile: number[] = [];

  constructor(
    readonly epoch: number,
    readonly dimension: number,
  ) {}

  /** Appends rows in id order; vectors of another dimension (another embedder's) are never comparable and are skipped. */
  append(added: VectorRows): void {
    this.reserve(this.count + added.ids.length);
    const dim = this.dimension;
    added.vectors.forEach((vector, i) => {
      if (vector.length !== dim) return;
      const row = this.count;
      if (this.half) encodeHalf(vector, this.half, row * dim);
      else this.data.set(vector, row * dim);
      this.ids[row] = added.ids[i]!;
      this.fileOrdinals[row] = this.ordinal(added.fileIds[i]!);
      this.count += 1;
    });
    if (added.ids.length > 0) this.maxId = Math.max(this.maxId, added.ids.at(-1)!);
  }

  /** Bytes allocated for the rows, their ids and their files' ordinals. */
  get byteLength(): number {
    return this.data.byteLength + (this.half?.byteLength ?? 0) + this.ids.byteLength + this.fileOrdinals.byteLength;
  }

  /** Stores the rows at half precision from now on, freeing the float32 ones. */
  toHalfPrecision(): void {
    if (this.half) return;
    const half = new Uint16Array(this.ids.length * this.dimension);
    encodeHalf(this.data.subarray(0, this.count * this.dimension), half, 0);
    this.half = half;
    this.data = new Float32Array(0);
  }

  /**
   * As `toHalfPrecision`, converting a slice at a time and yielding to the event loop whenever a slice has
   * taken `stepMs`: a million rows take seconds. Searches read the float32 rows until the final swap,
   * and rows appended meanwhile are converted before it.
   */
  async toHalfPrecisionInSteps(stepMs: number): Promise<void> {
    const dim = this.dimension;
    let half = new Uint16Array(0);
    let done = 0;
    let sliceStarted = performance.now();
    while (!this.half) {
      if (half.length < this.ids.length * dim) {
        const grown = new Uint16Array(this.ids.length * dim);
        grown.set(half);
        half = grown;
      }
      if (done === this.count) {
        this.half = half;
        this.data = new Float32Array(0);
        return;
      }
      const to = Math.min(this.count, done + 1024);
      encodeHalf(this.data.subarray(done * dim, to * dim), half, done * dim);
      done = to;
      if (performance.now() - sliceStarted >= stepMs) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStarted = performance.now();
      }
    }
  }

  /** Rows [from, to) as one float32 array (a copy). */
  rowsAsFloat32(from: number, to: number): Float32Array {
    const dim = this.dimension;
    if (!this.half) return this.data.slice(from * dim, to * dim);
    return Float32Array.from(this.half.subarray(from * dim, to * dim), (h) => HALF_TO_FLOAT[h]!);
  }

  /** Component `c` of row `row`. */
  component(row: number, c: number): number {
    const i = row * this.dimension + c;
    return this.half ? HALF_TO_FLOAT[this.half[i]!]! : this.data[i]!;
  }

  /** The row holding chunk `id`, or -1. */
  rowOf(id: number): number {
    const row = this.firstRowAfter(id - 1);
    return row < this.count && this.ids[row] === id ? row : -1;
  }

  /** The first row whose chunk id is greater than `id` (`count` when there is none). */
  firstRowAfter(id: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ids[mid]! <= id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** A mask over file ordinals (1 = allowed) and how many rows it allows; `null` allows every file. */
  allowedFiles(files: ReadonlySet<string> | null): { mask: Uint8Array; rows: number } {
    if (files === null) return { mask: new Uint8Array(this.fileIds.length).fill(1), rows: this.count };
    const mask = new Uint8Array(this.fileIds.length);
    let rows = 0;
    const allow = (ordinal: number) => {
      mask[ordinal] = 1;
      rows += this.rowsOfFile[ordinal]!;
    };
    if (files.size < this.fileIds.length) {
      for (const fileId of files) {
        const ordinal = this.ordinalOf.get(fileId);
        if (ordinal !== undefined) allow(ordinal);
      }
    } else {
      this.fileIds.forEach((fileId, ordinal) => files.has(fileId) && allow(ordinal));
    }
    return { mask, rows };
  }

  private ordinal(fileId: string): number {
    let ordinal = this.ordinalOf.get(fileId);
    if (ordinal === undefined) {
      ordinal = this.fileIds.length;
      this.ordinalOf.set(fileId, ordinal);
      this.fileIds.push(fileId);
      this.rowsOfFile.push(0);
    }
    this.rowsOfFile[ordinal]! += 1;
    return ordinal;
  }

  private reserve(rows: number): void {
    if (rows <= this.ids.length) return;
    const capacity = this.count === 0 ? rows : Math.max(rows, Math.ceil(this.ids.length * GROWTH));
    const used = this.count * this.dimension;
    if (this.half) {
      const half = new Uint16Array(capacity * this.dimension);
      half.set(this.half.subarray(0, used));
      this.half = half;
    } else {
      const data = new Float32Array(capacity * this.dimension);
      data.set(this.data.subarray(0, used));
      this.data = data;
    }
    const ids = new Float64Array(capacity);
    ids.set(this.ids.subarray(0, this.count));
    const fileOrdinals = new Int32Array(capacity);
    fileOrdinals.set(this.fileOrdinals.subarray(0, this.count));
    this.ids = ids;
    this.fileOrdinals = fileOrdinals;
  }
}

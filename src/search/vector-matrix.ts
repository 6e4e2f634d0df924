import type { ChunkRows } from '../storage/store.js';

export type VectorRows = Awaited<ReturnType<ChunkRows['vectorsSince']>>;

/** Growth factor of the row buffers: small, because at a million rows every spare row costs 1.5 KB. */
const GROWTH = 1.25;

/**
 * A store's chunk vectors as one row-major float32 matrix, in chunk id order, with each row's chunk id
 * and file. Files are numbered once (`fileOrdinals`), so a search's allowed files become a byte mask
 * indexed by ordinal instead of a string lookup per row.
 */
export class VectorMatrix {
  count = 0;
  maxId = 0;
  ids = new Float64Array(0);
  fileOrdinals = new Int32Array(0);
  data = new Float32Array(0);
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
      this.data.set(vector, row * dim);
      this.ids[row] = added.ids[i]!;
      this.fileOrdinals[row] = this.ordinal(added.fileIds[i]!);
      this.count += 1;
    });
    if (added.ids.length > 0) this.maxId = Math.max(this.maxId, added.ids.at(-1)!);
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
    const data = new Float32Array(capacity * this.dimension);
    data.set(this.data.subarray(0, this.count * this.dimension));
    const ids = new Float64Array(capacity);
    ids.set(this.ids.subarray(0, this.count));
    const fileOrdinals = new Int32Array(capacity);
    fileOrdinals.set(this.fileOrdinals.subarray(0, this.count));
    this.data = data;
    this.ids = ids;
    this.fileOrdinals = fileOrdinals;
  }
}

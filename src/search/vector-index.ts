import type { ChunkRows, ScoredChunk } from '../storage/store.js';

/**
 * Exact nearest-neighbour search over an in-memory matrix per vector store, kept current from the
 * stored vectors (the source of truth): new chunks are appended by id, and any deletion (the store's
 * epoch moved) reloads the store's matrix. Vectors are unit length, so the dot product is the cosine.
 */
type Matrix = {
  epoch: number;
  maxId: number;
  dimension: number;
  count: number;
  ids: number[];
  fileIds: string[];
  data: Float32Array;
};

export class VectorIndex {
  private readonly matrices = new Map<string, Matrix>();
  private readonly refreshing = new Map<string, Promise<Matrix>>();

  constructor(private readonly chunks: ChunkRows) {}

  /** The `k` chunks most similar to `query` among those whose file is in `files`, best first. Scores are cosines. */
  async search(storeId: string, query: Float32Array, k: number, files: ReadonlySet<string>): Promise<ScoredChunk[]> {
    const m = await this.current(storeId, query.length);
    const top = new TopK(k);
    const dim = m.dimension;
    const data = m.data;
    for (let row = 0; row < m.count; row += 1) {
      if (!files.has(m.fileIds[row]!)) continue;
      let dot = 0;
      const offset = row * dim;
      for (let j = 0; j < dim; j += 1) dot += data[offset + j]! * query[j]!;
      top.offer(m.ids[row]!, dot);
    }
    return top.sorted();
  }

  forget(storeId: string): void {
    this.matrices.delete(storeId);
  }

  private current(storeId: string, dimension: number): Promise<Matrix> {
    // One refresh per store at a time; concurrent searches share it.
    let pending = this.refreshing.get(storeId);
    if (!pending) {
      pending = this.refresh(storeId, dimension).finally(() => this.refreshing.delete(storeId));
      this.refreshing.set(storeId, pending);
    }
    return pending;
  }

  private async refresh(storeId: string, dimension: number): Promise<Matrix> {
    const version = await this.chunks.version(storeId);
    let m = this.matrices.get(storeId);
    if (m && m.epoch === version.epoch && m.maxId === version.maxId && m.dimension === dimension) return m;
    if (!m || m.epoch !== version.epoch || m.dimension !== dimension) {
      m = { epoch: version.epoch, maxId: 0, dimension, count: 0, ids: [], fileIds: [], data: new Float32Array(0) };
    }
    const added = await this.chunks.vectorsSince(storeId, m.maxId);
    if (added.epoch !== m.epoch) {
      // A deletion landed between the two reads: start over from an empty matrix.
      m = { epoch: added.epoch, maxId: 0, dimension, count: 0, ids: [], fileIds: [], data: new Float32Array(0) };
      return this.append(storeId, m, await this.chunks.vectorsSince(storeId, 0));
    }
    return this.append(storeId, m, added);
  }

  private append(storeId: string, m: Matrix, added: Awaited<ReturnType<ChunkRows['vectorsSince']>>): Matrix {
    const needed = (m.count + added.ids.length) * m.dimension;
    if (needed > m.data.length) {
      const grown = new Float32Array(Math.max(needed, m.data.length * 2));
      grown.set(m.data.subarray(0, m.count * m.dimension));
      m.data = grown;
    }
    added.vectors.forEach((vector, i) => {
      if (vector.length !== m.dimension) return; // written by another embedder: never comparable
      m.data.set(vector, m.count * m.dimension);
      m.ids.push(added.ids[i]!);
      m.fileIds.push(added.fileIds[i]!);
      m.count += 1;
    });
    if (added.ids.length > 0) m.maxId = added.ids.at(-1)!;
    this.matrices.set(storeId, m);
    return m;
  }
}

/** Keeps the k best (id, score) pairs seen; k is small, so a sorted array beats a heap. */
class TopK {
  private readonly items: ScoredChunk[] = [];
  constructor(private readonly k: number) {}

  offer(id: number, score: number): void {
    const items = this.items;
    if (items.length === this.k && score <= items[items.length - 1]!.score) return;
    let i = items.length;
    while (i > 0 && items[i - 1]!.score < score) i -= 1;
    items.splice(i, 0, { id, score });
    if (items.length > this.k) items.pop();
  }

  sorted(): ScoredChunk[] {
    return this.items;
  }
}

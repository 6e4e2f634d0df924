import type { HnswIndex } from './hnsw-index.js';

type Waiting = { query: Float32Array; count: number; resolve: (ids: number[]) => void; reject: (error: unknown) => void };

/**
 * Gathers the graph searches that arrive while one is running (or within the same turn of the event
 * loop) and runs them as one native call on several threads: concurrent searches of a large store use
 * every core, where one at a time they would queue on the main thread. A lone search waits only for
 * the next turn of the event loop.
 */
export class GraphSearchQueue {
  private waiting: Waiting[] = [];

  constructor(
    private readonly graph: HnswIndex,
    private readonly threads: number,
  ) {}

  search(query: Float32Array, count: number): Promise<number[]> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ query, count, resolve, reject });
      if (this.waiting.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.waiting;
    this.waiting = [];
    try {
      // One k for the batch: a search for more neighbours finds the nearer ones at least as well.
      const found = this.graph.searchMany(batch.map((w) => w.query), Math.max(...batch.map((w) => w.count)), this.threads);
      batch.forEach((w, i) => w.resolve(found[i]!.slice(0, w.count)));
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
}

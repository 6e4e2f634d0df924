/**
 * Stops an embedding call: once `signal` aborts, the call rejects with its reason soon (without waiting
 * for the batches in flight) and the work it started is dropped, so a cancelled file frees the threads.
 */
export type EmbedOptions = { signal?: AbortSignal };

/**
 * Turns texts into vectors. Every vector an embedder returns has `dimension` components and unit
 * length, so a dot product is the cosine similarity.
 */
export interface Embedder {
  /** Provider name as recorded on a store, e.g. `default`, `test`, `onnx`, `openai`. */
  readonly provider: string;
  /** Model name within the provider, e.g. `universal-sentence-encoder`. */
  readonly model: string;
  readonly dimension: number;
  /** Embeds document chunks; one vector per text, in order. */
  embedDocuments(texts: string[], options?: EmbedOptions): Promise<Float32Array[]>;
  /** Embeds a search query (some models use a different prefix or window for queries). */
  embedQuery(text: string): Promise<Float32Array>;
  /** Releases worker threads and native resources. */
  close(): Promise<void>;
}

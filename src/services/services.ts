import type { EmbedderCatalog } from '../embed/catalog.js';
import { VectorIndex } from '../search/vector-index.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { Store } from '../storage/store.js';
import { createBatchService } from './batch-service.js';
import { withDeadline } from './deadline.js';
import { createFileService } from './file-service.js';
import { createHealthService } from './health-service.js';
import { createSearchService, type SearchService } from './search-service.js';
import { createStoreFileService } from './store-file-service.js';
import { createUploadService } from './upload-service.js';
import { createVectorStoreService, embedderChoice, type IngestSignal } from './vector-store-service.js';

export type ServiceDeps = {
  store: Store;
  blobs: BlobStore;
  embedders: EmbedderCatalog;
  ingest: IngestSignal;
  /** The embedder specs clients may choose per store (`TROVE_STORE_EMBEDDERS`). */
  storeEmbedders: string;
  /** Where large stores' vector indexes are saved between runs; unset: rebuilt from the stored vectors after each start. */
  indexDir?: string;
  /** A search that takes longer is answered 503 with `retry-after`. */
  searchTimeoutMs: number;
};

/** Every resource's business rules, wired to one store, one blob store and one set of embedders. */
export function createServices({ store, blobs, embedders, ingest, storeEmbedders, indexDir, searchTimeoutMs }: ServiceDeps) {
  const vectorStores = createVectorStoreService(store, embedders, ingest, embedderChoice(storeEmbedders));
  const vectorIndex = new VectorIndex(store.chunks, { indexDir });
  const search = createSearchService(store, vectorStores, embedders, vectorIndex);
  // A search's cost grows with its queries and the embedder's load; no client waits on it without bound.
  const boundedSearch: SearchService = {
    search: (projectId, storeId, body) => withDeadline(search.search(projectId, storeId, body), searchTimeoutMs, 'the search'),
  };
  return {
    files: createFileService(store, blobs),
    uploads: createUploadService(store, blobs),
    vectorStores,
    storeFiles: createStoreFileService(store, vectorStores, ingest),
    batches: createBatchService(store, vectorStores, ingest),
    search: boundedSearch,
    health: createHealthService(store, blobs, embedders, vectorIndex),
  };
}

export type Services = ReturnType<typeof createServices>;

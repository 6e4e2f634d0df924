import type { CreateStoreFileBody } from '../api/requests.js';
import { notFound } from '../errors.js';
import type { Attributes } from '../storage/filter.js';
import type { PageQuery, Store, StoreFileRow, StoreFileStatus } from '../storage/store.js';
import { toChunking } from './chunking.js';
import { nowSeconds } from './limits.js';
import type { IngestSignal, VectorStoreService } from './vector-store-service.js';

export function createStoreFileService(store: Store, vectorStores: VectorStoreService, ingest: IngestSignal) {
  async function require(projectId: string, storeId: string, fileId: string): Promise<StoreFileRow> {
    await vectorStores.require(projectId, storeId);
    const found = await store.storeFiles.get(storeId, fileId);
    if (!found) throw notFound('file', `${fileId}' in vector store '${storeId}`);
    return found;
  }

  return {
    require,

    async attach(projectId: string, storeId: string, body: CreateStoreFileBody): Promise<StoreFileRow> {
      await vectorStores.requireActive(projectId, storeId);
      const chunking = toChunking(body.chunking_strategy);
      if (!(await store.files.get(projectId, body.file_id))) throw notFound('file', body.file_id);
      await store.storeFiles.attach(storeId, [{ fileId: body.file_id, attributes: body.attributes ?? null, chunking }]);
      await store.vectorStores.touch(storeId, nowSeconds());
      ingest.notify();
      return require(projectId, storeId, body.file_id);
    },

    async list(projectId: string, storeId: string, query: PageQuery & { status?: StoreFileStatus; batchId?: string }) {
      await vectorStores.require(projectId, storeId);
      return store.storeFiles.list(storeId, query);
    },

    async setAttributes(projectId: string, storeId: string, fileId: string, attributes: Attributes | null): Promise<StoreFileRow> {
      await require(projectId, storeId, fileId);
      await store.storeFiles.setAttributes(storeId, fileId, attributes);
      return require(projectId, storeId, fileId);
    },

    async detach(projectId: string, storeId: string, fileId: string): Promise<void> {
      await vectorStores.require(projectId, storeId);
      if (!(await store.storeFiles.detach(storeId, fileId))) throw notFound('file', `${fileId}' in vector store '${storeId}`);
    },

    /** The text the parser extracted from the file (empty until the file is indexed). */
    async content(projectId: string, storeId: string, fileId: string): Promise<string | null> {
      await require(projectId, storeId, fileId);
      return store.chunks.documentText(storeId, fileId);
    },
  };
}

export type StoreFileService = ReturnType<typeof createStoreFileService>;

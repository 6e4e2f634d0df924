import { newId } from '../api/ids.js';
import type { CreateBatchBody } from '../api/requests.js';
import { invalid, notFound } from '../errors.js';
import type { Attachment, BatchView, PageQuery, Store, StoreFileStatus } from '../storage/store.js';
import { toChunking } from './chunking.js';
import { nowSeconds } from './limits.js';
import type { IngestSignal, VectorStoreService } from './vector-store-service.js';

export function createBatchService(store: Store, vectorStores: VectorStoreService, ingest: IngestSignal) {
  async function require(projectId: string, storeId: string, batchId: string): Promise<BatchView> {
    await vectorStores.require(projectId, storeId);
    const batch = await store.batches.get(storeId, batchId);
    if (!batch) throw notFound('file batch', batchId);
    return batch;
  }

  /** One attachment per requested file: `files[]` carries its own settings, `file_ids` shares the batch's. */
  function attachmentsOf(body: CreateBatchBody): Array<Attachment & { param: string }> {
    if ((body.file_ids === undefined) === (body.files === undefined)) {
      throw invalid("Provide exactly one of 'file_ids' or 'files'.", body.file_ids === undefined ? 'file_ids' : 'files');
    }
    if (body.file_ids !== undefined) {
      const chunking = toChunking(body.chunking_strategy);
      return body.file_ids.map((fileId, i) => ({ fileId, attributes: body.attributes ?? null, chunking, param: `file_ids[${i}]` }));
    }
    return (body.files ?? []).map((f, i) => ({
      fileId: f.file_id,
      attributes: f.attributes ?? null,
      chunking: toChunking(f.chunking_strategy, `files[${i}].chunking_strategy`),
      param: `files[${i}].file_id`,
    }));
  }

  return {
    require,

    async create(projectId: string, storeId: string, body: CreateBatchBody): Promise<BatchView> {
      await vectorStores.requireActive(projectId, storeId);
      const requested = attachmentsOf(body);
      const byFile = new Map<string, Attachment>();
      for (const { param, ...attachment } of requested) {
        if (!(await store.files.get(projectId, attachment.fileId))) throw invalid(`Invalid '${param}': no file with id '${attachment.fileId}'.`, param);
        byFile.set(attachment.fileId, attachment);
      }
      const batch = { id: newId('batch'), storeId, createdAt: nowSeconds(), cancelled: false };
      await store.storeFiles.attach(storeId, [...byFile.values()], batch);
      await store.vectorStores.touch(storeId, batch.createdAt);
      ingest.notify();
      return require(projectId, storeId, batch.id);
    },

    async cancel(projectId: string, storeId: string, batchId: string): Promise<BatchView> {
      await require(projectId, storeId, batchId);
      await store.batches.cancel(storeId, batchId);
      return require(projectId, storeId, batchId);
    },

    async listFiles(projectId: string, storeId: string, batchId: string, query: PageQuery & { status?: StoreFileStatus }) {
      await require(projectId, storeId, batchId);
      return store.storeFiles.list(storeId, { ...query, batchId });
    },
  };
}

export type BatchService = ReturnType<typeof createBatchService>;

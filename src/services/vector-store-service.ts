import { newId } from '../api/ids.js';
import { expiresAt } from '../api/objects.js';
import type { CreateVectorStoreBody, UpdateVectorStoreBody } from '../api/requests.js';
import type { EmbedderCatalog } from '../embed/catalog.js';
import { invalid, notFound } from '../errors.js';
import type { Attachment, Page, PageQuery, Store, VectorStoreRow, VectorStoreView } from '../storage/store.js';
import { toChunking } from './chunking.js';
import { nowSeconds } from './limits.js';

export type IngestSignal = { notify(): void };

/**
 * Which embedders a client may choose for a new store. An embedder spec names a model folder on this
 * machine or a service billed to the operator's key, so the operator decides (`*` allows any).
 */
export function embedderChoice(allowed: string) {
  const specs = new Set(allowed.split(',').map((s) => s.trim()).filter(Boolean));
  return (spec: string) => specs.has('*') || specs.has(spec);
}

export function createVectorStoreService(store: Store, embedders: EmbedderCatalog, ingest: IngestSignal, mayChoose: (spec: string) => boolean) {
  async function require(projectId: string, id: string): Promise<VectorStoreView> {
    const found = await store.vectorStores.get(projectId, id);
    if (!found) throw notFound('vector store', id);
    return found;
  }

  return {
    require,

    /** The store, refusing one that has expired (it serves no search and takes no files). */
    async requireActive(projectId: string, id: string): Promise<VectorStoreView> {
      const found = await require(projectId, id);
      const expiry = expiresAt(found);
      if (expiry !== null && expiry <= nowSeconds()) throw invalid(`Vector store ${id} has expired.`, null, 'vector_store_expired');
      return found;
    },

    async create(projectId: string, body: CreateVectorStoreBody): Promise<VectorStoreView> {
      const chunking = toChunking(body.chunking_strategy);
      const fileIds = [...new Set(body.file_ids ?? [])];
      for (const [i, fileId] of fileIds.entries()) {
        if (!(await store.files.get(projectId, fileId))) throw invalid(`Invalid 'file_ids[${i}]': no file with id '${fileId}'.`, `file_ids[${i}]`);
      }
      if (body.embedder !== undefined && !mayChoose(body.embedder)) {
        throw invalid(`Invalid 'embedder': '${body.embedder}' is not one this server lets clients choose (see TROVE_STORE_EMBEDDERS).`, 'embedder');
      }
      const embedder = await embedders.describe(body.embedder);
      const now = nowSeconds();
      const row: VectorStoreRow = {
        id: newId('vectorStore'),
        projectId,
        name: body.name ?? '',
        description: body.description ?? null,
        metadata: body.metadata ?? null,
        createdAt: now,
        lastActiveAt: now,
        expiresAfterDays: body.expires_after?.days ?? null,
        embedder,
      };
      const attachments: Attachment[] = fileIds.map((fileId) => ({ fileId, attributes: null, chunking }));
      await store.vectorStores.insert(row, attachments);
      if (attachments.length > 0) ingest.notify();
      return require(projectId, row.id);
    },

    list(projectId: string, query: PageQuery): Promise<Page<VectorStoreView>> {
      return store.vectorStores.list(projectId, query);
    },

    async update(projectId: string, id: string, body: UpdateVectorStoreBody): Promise<VectorStoreView> {
      const current = await require(projectId, id);
      const next: VectorStoreRow = {
        ...current,
        name: body.name === undefined ? current.name : (body.name ?? ''),
        metadata: body.metadata === undefined ? current.metadata : body.metadata,
        expiresAfterDays: body.expires_after === undefined ? current.expiresAfterDays : (body.expires_after?.days ?? null),
        lastActiveAt: nowSeconds(),
      };
      await store.vectorStores.update(next);
      return require(projectId, id);
    },

    async delete(projectId: string, id: string): Promise<void> {
      if (!(await store.vectorStores.delete(projectId, id))) throw notFound('vector store', id);
    },
  };
}

export type VectorStoreService = ReturnType<typeof createVectorStoreService>;

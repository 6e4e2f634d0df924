import type { FastifyInstance } from 'fastify';
import { deletedObject, fileContentPageObject, listObject, storeFileObject } from '../../api/objects.js';
import { parsePageQuery, parseStatusFilter } from '../../api/list-query.js';
import { createStoreFileBody, updateStoreFileBody, type CreateStoreFileBody, type UpdateStoreFileBody } from '../../api/requests.js';
import type { Services } from '../../services/services.js';
import { withPollHint } from './vector-stores.js';

type StoreParams = { vector_store_id: string };
type FileParams = StoreParams & { file_id: string };

export function storeFileRoutes(app: FastifyInstance, { storeFiles }: Services): void {
  app.post<{ Params: StoreParams; Body: CreateStoreFileBody }>(
    '/vector_stores/:vector_store_id/files',
    { schema: { body: createStoreFileBody } },
    async (request, reply) => withPollHint(reply, storeFileObject(await storeFiles.attach(request.projectId, request.params.vector_store_id, request.body))),
  );

  app.get<{ Params: StoreParams }>('/vector_stores/:vector_store_id/files', async (request) => {
    const query = request.query as Record<string, unknown>;
    const page = await storeFiles.list(request.projectId, request.params.vector_store_id, {
      ...parsePageQuery(query, { defaultLimit: 20, maxLimit: 100 }),
      status: parseStatusFilter(query),
    });
    return listObject(page, storeFileObject);
  });

  app.get<{ Params: FileParams }>('/vector_stores/:vector_store_id/files/:file_id', async (request, reply) =>
    withPollHint(reply, storeFileObject(await storeFiles.require(request.projectId, request.params.vector_store_id, request.params.file_id))),
  );

  app.post<{ Params: FileParams; Body: UpdateStoreFileBody }>(
    '/vector_stores/:vector_store_id/files/:file_id',
    { schema: { body: updateStoreFileBody } },
    async (request, reply) => {
      const { vector_store_id: storeId, file_id: fileId } = request.params;
      return withPollHint(reply, storeFileObject(await storeFiles.setAttributes(request.projectId, storeId, fileId, request.body.attributes)));
    },
  );

  app.delete<{ Params: FileParams }>('/vector_stores/:vector_store_id/files/:file_id', async (request) => {
    await storeFiles.detach(request.projectId, request.params.vector_store_id, request.params.file_id);
    return deletedObject(request.params.file_id, 'vector_store.file.deleted');
  });

  app.get<{ Params: FileParams }>('/vector_stores/:vector_store_id/files/:file_id/content', async (request) => {
    return fileContentPageObject(await storeFiles.content(request.projectId, request.params.vector_store_id, request.params.file_id));
  });
}

import type { FastifyInstance } from 'fastify';
import { deletedObject, fileContentPageObject, listObject, storeFileObject } from '../../api/objects.js';
import { pageQuerySchema, parsePageQuery, parseStatusFilter, statusFilterParameter } from '../../api/list-query.js';
import { createStoreFileBody, updateStoreFileBody, type CreateStoreFileBody, type UpdateStoreFileBody } from '../../api/requests.js';
import { deletedSchema, fileContentPageSchema, listSchema, storeFileSchema } from '../../api/responses.js';
import type { Services } from '../../services/services.js';
import { STORE_PAGE, withPollHint } from './vector-stores.js';

type StoreParams = { vector_store_id: string };
type FileParams = StoreParams & { file_id: string };

const storeFileResponse = { 200: storeFileSchema };

export function storeFileRoutes(app: FastifyInstance, { storeFiles }: Services): void {
  app.post<{ Params: StoreParams; Body: CreateStoreFileBody }>(
    '/vector_stores/:vector_store_id/files',
    { schema: { operationId: 'createVectorStoreFile', summary: 'Attach a File to a vector store and queue it for indexing.', body: createStoreFileBody, response: storeFileResponse } },
    async (request, reply) => withPollHint(reply, storeFileObject(await storeFiles.attach(request.projectId, request.params.vector_store_id, request.body))),
  );

  const listQuery = pageQuerySchema(STORE_PAGE, statusFilterParameter);
  const listOperation = { operationId: 'listVectorStoreFiles', summary: "List a vector store's files.", queryParameters: listQuery, response: { 200: listSchema(storeFileSchema) } };
  app.get<{ Params: StoreParams }>('/vector_stores/:vector_store_id/files', { schema: listOperation }, async (request) => {
    const query = request.query as Record<string, unknown>;
    const page = await storeFiles.list(request.projectId, request.params.vector_store_id, {
      ...parsePageQuery(query, STORE_PAGE),
      status: parseStatusFilter(query),
    });
    return listObject(page, storeFileObject);
  });

  const getSchema = { operationId: 'getVectorStoreFile', summary: "Retrieve a vector store file and its indexing status.", response: storeFileResponse };
  app.get<{ Params: FileParams }>('/vector_stores/:vector_store_id/files/:file_id', { schema: getSchema }, async (request, reply) =>
    withPollHint(reply, storeFileObject(await storeFiles.require(request.projectId, request.params.vector_store_id, request.params.file_id))),
  );

  app.post<{ Params: FileParams; Body: UpdateStoreFileBody }>(
    '/vector_stores/:vector_store_id/files/:file_id',
    { schema: { operationId: 'updateVectorStoreFileAttributes', summary: "Replace a vector store file's attributes.", body: updateStoreFileBody, response: storeFileResponse } },
    async (request, reply) => {
      const { vector_store_id: storeId, file_id: fileId } = request.params;
      return withPollHint(reply, storeFileObject(await storeFiles.setAttributes(request.projectId, storeId, fileId, request.body.attributes)));
    },
  );

  const deleteSchema = { operationId: 'deleteVectorStoreFile', summary: 'Detach a File from a vector store (the File remains).', response: { 200: deletedSchema('vector_store.file.deleted') } };
  app.delete<{ Params: FileParams }>('/vector_stores/:vector_store_id/files/:file_id', { schema: deleteSchema }, async (request) => {
    await storeFiles.detach(request.projectId, request.params.vector_store_id, request.params.file_id);
    return deletedObject(request.params.file_id, 'vector_store.file.deleted');
  });

  const contentSchema = { operationId: 'retrieveVectorStoreFileContent', summary: "A vector store file's parsed text.", response: { 200: fileContentPageSchema } };
  app.get<{ Params: FileParams }>('/vector_stores/:vector_store_id/files/:file_id/content', { schema: contentSchema }, async (request) => {
    return fileContentPageObject(await storeFiles.content(request.projectId, request.params.vector_store_id, request.params.file_id));
  });
}

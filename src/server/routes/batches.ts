import type { FastifyInstance } from 'fastify';
import { batchObject, listObject, storeFileObject } from '../../api/objects.js';
import { pageQuerySchema, parsePageQuery, parseStatusFilter, statusFilterParameter } from '../../api/list-query.js';
import { createBatchBody, type CreateBatchBody } from '../../api/requests.js';
import { batchSchema, listSchema, storeFileSchema } from '../../api/responses.js';
import type { Services } from '../../services/services.js';
import { STORE_PAGE, withPollHint } from './vector-stores.js';

type StoreParams = { vector_store_id: string };
type BatchParams = StoreParams & { batch_id: string };

const batchResponse = { 200: batchSchema };

export function batchRoutes(app: FastifyInstance, { batches }: Services): void {
  app.post<{ Params: StoreParams; Body: CreateBatchBody }>(
    '/vector_stores/:vector_store_id/file_batches',
    { schema: { operationId: 'createVectorStoreFileBatch', summary: 'Attach many Files at once (up to 2,000).', body: createBatchBody, response: batchResponse } },
    async (request, reply) => withPollHint(reply, batchObject(await batches.create(request.projectId, request.params.vector_store_id, request.body))),
  );

  const getSchema = { operationId: 'getVectorStoreFileBatch', summary: 'Retrieve a file batch and its file counts.', response: batchResponse };
  app.get<{ Params: BatchParams }>('/vector_stores/:vector_store_id/file_batches/:batch_id', { schema: getSchema }, async (request, reply) =>
    withPollHint(reply, batchObject(await batches.require(request.projectId, request.params.vector_store_id, request.params.batch_id))),
  );

  const cancelSchema = { operationId: 'cancelVectorStoreFileBatch', summary: "Cancel a batch's unfinished files.", response: batchResponse };
  app.post<{ Params: BatchParams }>('/vector_stores/:vector_store_id/file_batches/:batch_id/cancel', { schema: cancelSchema }, async (request, reply) =>
    withPollHint(reply, batchObject(await batches.cancel(request.projectId, request.params.vector_store_id, request.params.batch_id))),
  );

  const listQuery = pageQuerySchema(STORE_PAGE, statusFilterParameter);
  const listOperation = { operationId: 'listFilesInVectorStoreBatch', summary: "List a batch's files.", queryParameters: listQuery, response: { 200: listSchema(storeFileSchema) } };
  app.get<{ Params: BatchParams }>('/vector_stores/:vector_store_id/file_batches/:batch_id/files', { schema: listOperation }, async (request) => {
    const query = request.query as Record<string, unknown>;
    const page = await batches.listFiles(request.projectId, request.params.vector_store_id, request.params.batch_id, {
      ...parsePageQuery(query, STORE_PAGE),
      status: parseStatusFilter(query),
    });
    return listObject(page, storeFileObject);
  });
}

import type { FastifyInstance } from 'fastify';
import { batchObject, listObject, storeFileObject } from '../../api/objects.js';
import { parsePageQuery, parseStatusFilter } from '../../api/list-query.js';
import { createBatchBody, type CreateBatchBody } from '../../api/requests.js';
import type { Services } from '../../services/services.js';
import { withPollHint } from './vector-stores.js';

type StoreParams = { vector_store_id: string };
type BatchParams = StoreParams & { batch_id: string };

export function batchRoutes(app: FastifyInstance, { batches }: Services): void {
  app.post<{ Params: StoreParams; Body: CreateBatchBody }>(
    '/vector_stores/:vector_store_id/file_batches',
    { schema: { body: createBatchBody } },
    async (request, reply) => withPollHint(reply, batchObject(await batches.create(request.projectId, request.params.vector_store_id, request.body))),
  );

  app.get<{ Params: BatchParams }>('/vector_stores/:vector_store_id/file_batches/:batch_id', async (request, reply) =>
    withPollHint(reply, batchObject(await batches.require(request.projectId, request.params.vector_store_id, request.params.batch_id))),
  );

  app.post<{ Params: BatchParams }>('/vector_stores/:vector_store_id/file_batches/:batch_id/cancel', async (request, reply) =>
    withPollHint(reply, batchObject(await batches.cancel(request.projectId, request.params.vector_store_id, request.params.batch_id))),
  );

  app.get<{ Params: BatchParams }>('/vector_stores/:vector_store_id/file_batches/:batch_id/files', async (request) => {
    const query = request.query as Record<string, unknown>;
    const page = await batches.listFiles(request.projectId, request.params.vector_store_id, request.params.batch_id, {
      ...parsePageQuery(query, { defaultLimit: 20, maxLimit: 100 }),
      status: parseStatusFilter(query),
    });
    return listObject(page, storeFileObject);
  });
}

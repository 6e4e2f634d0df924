import type { FastifyInstance, FastifyReply } from 'fastify';
import { deletedObject, listObject, vectorStoreObject } from '../../api/objects.js';
import { parsePageQuery } from '../../api/list-query.js';
import {
  createVectorStoreBody, updateVectorStoreBody, type CreateVectorStoreBody, type UpdateVectorStoreBody,
} from '../../api/requests.js';
import { nowSeconds } from '../../services/limits.js';
import type { Services } from '../../services/services.js';
import type { VectorStoreView } from '../../storage/store.js';

type IdParams = { vector_store_id: string };

/** Tells the SDK poll helpers how long to wait before asking again about unfinished work. */
export const POLL_AFTER_MS = 500;

export function withPollHint<T extends { status: string }>(reply: FastifyReply, object: T): T {
  if (object.status === 'in_progress') reply.header('openai-poll-after-ms', String(POLL_AFTER_MS));
  return object;
}

export function vectorStoreRoutes(app: FastifyInstance, { vectorStores }: Services): void {
  const show = (reply: FastifyReply, store: VectorStoreView) => withPollHint(reply, vectorStoreObject(store, nowSeconds()));

  app.post<{ Body: CreateVectorStoreBody }>('/vector_stores', { schema: { body: createVectorStoreBody } }, async (request, reply) =>
    show(reply, await vectorStores.create(request.projectId, request.body)),
  );

  app.get('/vector_stores', async (request) => {
    const page = await vectorStores.list(request.projectId, parsePageQuery(request.query as Record<string, unknown>, { defaultLimit: 20, maxLimit: 100 }));
    const now = nowSeconds();
    return listObject(page, (store) => vectorStoreObject(store, now));
  });

  app.get<{ Params: IdParams }>('/vector_stores/:vector_store_id', async (request, reply) =>
    show(reply, await vectorStores.require(request.projectId, request.params.vector_store_id)),
  );

  app.post<{ Params: IdParams; Body: UpdateVectorStoreBody }>(
    '/vector_stores/:vector_store_id',
    { schema: { body: updateVectorStoreBody } },
    async (request, reply) => show(reply, await vectorStores.update(request.projectId, request.params.vector_store_id, request.body)),
  );

  app.delete<{ Params: IdParams }>('/vector_stores/:vector_store_id', async (request) => {
    await vectorStores.delete(request.projectId, request.params.vector_store_id);
    return deletedObject(request.params.vector_store_id, 'vector_store.deleted');
  });
}

import type { FastifyInstance, FastifyReply } from 'fastify';
import { deletedObject, listObject, vectorStoreObject } from '../../api/objects.js';
import { pageQuerySchema, parsePageQuery } from '../../api/list-query.js';
import {
  createVectorStoreBody, updateVectorStoreBody, type CreateVectorStoreBody, type UpdateVectorStoreBody,
} from '../../api/requests.js';
import { deletedSchema, listSchema, vectorStoreSchema } from '../../api/responses.js';
import { nowSeconds } from '../../services/limits.js';
import type { Services } from '../../services/services.js';
import type { VectorStoreView } from '../../storage/store.js';

type IdParams = { vector_store_id: string };

export const STORE_PAGE = { defaultLimit: 20, maxLimit: 100 };
const storeResponse = { 200: vectorStoreSchema };

/** Tells the SDK poll helpers how long to wait before asking again about unfinished work. */
export const POLL_AFTER_MS = 500;

export function withPollHint<T extends { status: string }>(reply: FastifyReply, object: T): T {
  if (object.status === 'in_progress') reply.header('openai-poll-after-ms', String(POLL_AFTER_MS));
  return object;
}

export function vectorStoreRoutes(app: FastifyInstance, { vectorStores }: Services): void {
  const show = (reply: FastifyReply, store: VectorStoreView) => withPollHint(reply, vectorStoreObject(store, nowSeconds()));

  const createSchema = { operationId: 'createVectorStore', summary: 'Create a vector store.', body: createVectorStoreBody, response: storeResponse };
  app.post<{ Body: CreateVectorStoreBody }>('/vector_stores', { schema: createSchema }, async (request, reply) =>
    show(reply, await vectorStores.create(request.projectId, request.body)),
  );

  const listOperation = { operationId: 'listVectorStores', summary: 'List vector stores.', queryParameters: pageQuerySchema(STORE_PAGE), response: { 200: listSchema(vectorStoreSchema) } };
  app.get('/vector_stores', { schema: listOperation }, async (request) => {
    const page = await vectorStores.list(request.projectId, parsePageQuery(request.query as Record<string, unknown>, STORE_PAGE));
    const now = nowSeconds();
    return listObject(page, (store) => vectorStoreObject(store, now));
  });

  const getSchema = { operationId: 'getVectorStore', summary: 'Retrieve a vector store.', response: storeResponse };
  app.get<{ Params: IdParams }>('/vector_stores/:vector_store_id', { schema: getSchema }, async (request, reply) =>
    show(reply, await vectorStores.require(request.projectId, request.params.vector_store_id)),
  );

  app.post<{ Params: IdParams; Body: UpdateVectorStoreBody }>(
    '/vector_stores/:vector_store_id',
    { schema: { operationId: 'modifyVectorStore', summary: 'Rename a vector store, or change its expiry or metadata.', body: updateVectorStoreBody, response: storeResponse } },
    async (request, reply) => show(reply, await vectorStores.update(request.projectId, request.params.vector_store_id, request.body)),
  );

  const deleteSchema = { operationId: 'deleteVectorStore', summary: 'Delete a vector store (its Files remain).', response: { 200: deletedSchema('vector_store.deleted') } };
  app.delete<{ Params: IdParams }>('/vector_stores/:vector_store_id', { schema: deleteSchema }, async (request) => {
    await vectorStores.delete(request.projectId, request.params.vector_store_id);
    return deletedObject(request.params.vector_store_id, 'vector_store.deleted');
  });
}

import type { FastifyInstance } from 'fastify';
import { searchPageObject } from '../../api/objects.js';
import { searchBody, type SearchBody } from '../../api/requests.js';
import { searchPageSchema } from '../../api/responses.js';
import type { Services } from '../../services/services.js';

type StoreParams = { vector_store_id: string };

export function searchRoutes(app: FastifyInstance, { search }: Services): void {
  app.post<{ Params: StoreParams; Body: SearchBody }>(
    '/vector_stores/:vector_store_id/search',
    {
      schema: {
        operationId: 'searchVectorStore',
        summary: 'Hybrid keyword and semantic search over a vector store, with attribute filters.',
        body: searchBody,
        response: { 200: searchPageSchema },
      },
    },
    async (request) => searchPageObject(await search.search(request.projectId, request.params.vector_store_id, request.body)),
  );
}

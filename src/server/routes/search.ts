import type { FastifyInstance } from 'fastify';
import { nearSearchResultsObject, searchPageObject } from '../../api/objects.js';
import { nearSearchBody, searchBody, type NearSearchBody, type SearchBody } from '../../api/requests.js';
import { nearSearchResultsSchema, searchPageSchema } from '../../api/responses.js';
import { invalid } from '../../errors.js';
import type { Services } from '../../services/services.js';

type StoreParams = { vector_store_id: string };

/** Which wire shape search answers in: OpenAI's results page, or NEAR AI hub's bare list. */
export type SearchShape = 'openai' | 'near';

const SUMMARY = 'Hybrid keyword and semantic search over a vector store, with attribute filters.';

export function searchRoutes(app: FastifyInstance, { search }: Services, shape: SearchShape = 'openai'): void {
  if (shape === 'openai') {
    app.post<{ Params: StoreParams; Body: SearchBody }>(
      '/vector_stores/:vector_store_id/search',
      { schema: { operationId: 'searchVectorStore', summary: SUMMARY, body: searchBody, response: { 200: searchPageSchema } } },
      async (request) => searchPageObject(await search.search(request.projectId, request.params.vector_store_id, request.body)),
    );
    return;
  }
  app.post<{ Params: StoreParams; Body: NearSearchBody }>(
    '/vector_stores/:vector_store_id/search',
    { schema: { operationId: 'searchVectorStoreNear', summary: `${SUMMARY} NEAR AI hub's shape.`, body: nearSearchBody, response: { 200: nearSearchResultsSchema } } },
    async (request) => {
      const { full_files: fullFiles, ...body } = request.body;
      if (fullFiles) throw invalid("Invalid 'full_files': this server answers with chunks only.", 'full_files');
      return nearSearchResultsObject(await search.search(request.projectId, request.params.vector_store_id, body));
    },
  );
}

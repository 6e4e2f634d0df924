import type { FastifyInstance } from 'fastify';
import { nearSearchResultsObject, searchPageObject } from '../../api/objects.js';
import { nearSearchBody, searchBody, type NearSearchBody, type SearchBody } from '../../api/requests.js';
import { invalid } from '../../errors.js';
import type { Services } from '../../services/services.js';

type StoreParams = { vector_store_id: string };

/** Which wire shape search answers in: OpenAI's results page, or NEAR AI hub's bare list. */
export type SearchShape = 'openai' | 'near';

export function searchRoutes(app: FastifyInstance, { search }: Services, shape: SearchShape = 'openai'): void {
  if (shape === 'openai') {
    app.post<{ Params: StoreParams; Body: SearchBody }>(
      '/vector_stores/:vector_store_id/search',
      { schema: { body: searchBody } },
      async (request) => searchPageObject(await search.search(request.projectId, request.params.vector_store_id, request.body)),
    );
    return;
  }
  app.post<{ Params: StoreParams; Body: NearSearchBody }>(
    '/vector_stores/:vector_store_id/search',
    { schema: { body: nearSearchBody } },
    async (request) => {
      const { full_files: fullFiles, ...body } = request.body;
      if (fullFiles) throw invalid("Invalid 'full_files': this server answers with chunks only.", 'full_files');
      return nearSearchResultsObject(await search.search(request.projectId, request.params.vector_store_id, body));
    },
  );
}

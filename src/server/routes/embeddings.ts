import type { FastifyInstance } from 'fastify';
import { embeddingListObject } from '../../api/objects.js';
import { createEmbeddingBody, type CreateEmbeddingBody } from '../../api/requests.js';
import type { Services } from '../../services/services.js';

export function embeddingRoutes(app: FastifyInstance, { embeddings }: Services): void {
  app.post<{ Body: CreateEmbeddingBody }>('/embeddings', { schema: { body: createEmbeddingBody } }, async (request) =>
    embeddingListObject(await embeddings.create(request.body), request.body.encoding_format),
  );
  // Azure's clients name the model as a deployment in the path; the path is what Azure goes by.
  if (app.prefix === '/openai') {
    app.post<{ Params: { deployment: string }; Body: CreateEmbeddingBody }>(
      '/deployments/:deployment/embeddings',
      { schema: { body: createEmbeddingBody } },
      async (request) => embeddingListObject(await embeddings.create({ ...request.body, model: request.params.deployment }), request.body.encoding_format),
    );
  }
}

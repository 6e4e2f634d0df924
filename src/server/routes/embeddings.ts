import type { FastifyInstance } from 'fastify';
import { embeddingListObject } from '../../api/objects.js';
import { createEmbeddingBody, type CreateEmbeddingBody } from '../../api/requests.js';
import { embeddingListSchema } from '../../api/responses.js';
import type { Services } from '../../services/services.js';

const schema = {
  operationId: 'createEmbedding',
  summary: "Embeds texts with one of this server's embedders, as its stores' chunks are embedded.",
  body: createEmbeddingBody,
  response: { 200: embeddingListSchema },
};

export function embeddingRoutes(app: FastifyInstance, { embeddings }: Services): void {
  app.post<{ Body: CreateEmbeddingBody }>('/embeddings', { schema }, async (request) =>
    embeddingListObject(await embeddings.create(request.body), request.body.encoding_format),
  );
  // Azure's clients name the model as a deployment in the path; the path is what Azure goes by.
  if (app.prefix === '/openai') {
    app.post<{ Params: { deployment: string }; Body: CreateEmbeddingBody }>('/deployments/:deployment/embeddings', { schema }, async (request) =>
      embeddingListObject(await embeddings.create({ ...request.body, model: request.params.deployment }), request.body.encoding_format),
    );
  }
}

import type { FastifyInstance } from 'fastify';
import type { Answers } from '../../answer/answers.js';

/** The upstream's models, as it lists them. */
export function modelRoutes(app: FastifyInstance, { upstream }: Answers): void {
  app.get('/models', { schema: { operationId: 'listModels', summary: "The upstream chat model's models." } }, async () => upstream.forwardJson('GET', '/models', undefined));
  app.get<{ Params: { model: string } }>('/models/:model', { schema: { operationId: 'retrieveModel', summary: 'One of the upstream\'s models.' } }, async (request) =>
    upstream.forwardJson('GET', `/models/${encodeURIComponent(request.params.model)}`, undefined),
  );
}

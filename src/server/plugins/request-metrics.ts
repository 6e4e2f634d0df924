import type { FastifyInstance } from 'fastify';
import { httpRequestSeconds } from '../../observability/metrics.js';

/** Times every response by its route pattern (`/v1/files/:file_id`), never the raw URL: ids would make a series per object. */
export function registerRequestMetrics(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    httpRequestSeconds.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
}

import type { FastifyInstance } from 'fastify';

/**
 * One line per request, written when the response is done, in place of Fastify's own two (on arrival
 * and on completion), which `buildApp` turns off. `reqId` comes from the request's
 * child logger; `route` is the route pattern, so lines group by endpoint rather than by object id.
 */
export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        project: request.projectId ?? null,
        method: request.method,
        route: request.routeOptions.url ?? request.url.split('?')[0],
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
  });
}

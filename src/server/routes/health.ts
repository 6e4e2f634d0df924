import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/services.js';

/** Probes for orchestrators and load balancers: unauthenticated, cheap, outside `/v1`. */
export function healthRoutes(app: FastifyInstance, { health }: Services): void {
  // The process is up and serving HTTP; `/health` is the older name, kept for scripts that wait on it.
  for (const path of ['/healthz', '/health']) app.get(path, async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const { ready, checks } = await health.readiness();
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unready', checks });
  });
}

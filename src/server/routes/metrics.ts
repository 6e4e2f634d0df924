import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { TroveError } from '../../errors.js';
import { registry, setBacklog, setVectorUsage } from '../../observability/metrics.js';
import { nowSeconds } from '../../services/limits.js';
import type { Services } from '../../services/services.js';
import { apiKeyEntry, createAuthHook } from '../plugins/auth.js';

/**
 * Who may read `/metrics`: holders of `TROVE_METRICS_KEY` when it is set; anyone when the server has no API
 * keys (it then listens on loopback only); otherwise nobody, since the numbers span every project.
 */
export function metricsAccess(metricsKey: string, serverHasKeys: boolean): onRequestHookHandler {
  if (metricsKey !== '' || !serverHasKeys) return createAuthHook(metricsKey === '' ? [] : [apiKeyEntry('metrics', metricsKey)]);
  return async () => {
    throw new TroveError('unauthorized', 'Metrics are read with the key set in TROVE_METRICS_KEY, and this server has none.', {
      code: 'metrics_key_not_set',
    });
  };
}

export function metricsRoutes(app: FastifyInstance, { health }: Services, access: onRequestHookHandler): void {
  app.get('/metrics', { onRequest: access }, async (_request, reply) => {
    setBacklog(await health.backlog(), nowSeconds());
    setVectorUsage(health.vectorUsage());
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}

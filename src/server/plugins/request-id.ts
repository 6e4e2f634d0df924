import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

export const newRequestId = () => `req_${randomBytes(16).toString('hex')}`;

/** Every response carries the id its request was logged under, as `x-request-id`. */
export function registerRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
}

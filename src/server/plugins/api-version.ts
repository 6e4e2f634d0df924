import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Azure OpenAI answers a request without `?api-version=` as an unknown resource (404, code "404",
 * "Resource not found"), so Azure routes do too: a client that works here then works against Azure.
 * The error keeps OpenAI's four fields, which every client reads.
 */
export async function requireApiVersion(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const { searchParams } = new URL(request.url, 'http://localhost');
  if (searchParams.get('api-version')) return;
  await reply.status(404).type('application/json').send({ error: { message: 'Resource not found', type: 'invalid_request_error', param: null, code: '404' } });
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import { TroveError } from '../../errors.js';

/** Room for a multipart body's boundaries, part headers and small form fields around its file. */
export const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;

/**
 * An onRequest hook that refuses, before reading a byte of it, a body whose declared Content-Length is
 * above `maxBytes`. Streamed routes check the bytes themselves as they arrive; this spares them reading
 * hundreds of megabytes that would be refused at the end.
 */
export function refuseBodiesOver(maxBytes: number, describe: string) {
  return async function refuseLargeBody(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      reply.header('connection', 'close');
      throw new TroveError('too_large', `The request body declares ${declared} bytes; ${describe}.`, { code: 'request_too_large' });
    }
  };
}

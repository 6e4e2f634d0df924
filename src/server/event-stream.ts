import type { FastifyReply, FastifyRequest } from 'fastify';

/** Aborted when the client goes away before the reply is finished, so upstream work stops with it. */
export function abortOnDisconnect(request: FastifyRequest, reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  request.raw.once('aborted', () => controller.abort());
  return controller.signal;
}

/**
 * Takes the reply over from Fastify and opens a server-sent event stream on it. From here on a
 * failure can only be told in the stream itself.
 */
export function openEventStream(request: FastifyRequest, reply: FastifyReply) {
  reply.hijack();
  reply.raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-request-id': request.id,
  });
  return {
    write(event: string | null, data: string) {
      if (!reply.raw.writableEnded) reply.raw.write(`${event ? `event: ${event}\n` : ''}data: ${data}\n\n`);
    },
    raw: reply.raw,
    end() {
      if (!reply.raw.writableEnded) reply.raw.end();
    },
  };
}

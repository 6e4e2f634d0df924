import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Aborted when the client goes away before the reply is finished, so upstream work stops with it.
 * While the answer is made, the connection's idle deadline (TROVE_IDLE_TIMEOUT_MS) is held off: a
 * model may think for longer than that before its first byte, and the upstream's own deadline
 * (TROVE_LLM_TIMEOUT_MS) already bounds the wait. The deadline is back once the reply is finished.
 */
export function abortOnDisconnect(request: FastifyRequest, reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  const socket = request.raw.socket;
  const idleMs = request.server.server.timeout;
  socket.setTimeout(0);
  reply.raw.once('finish', () => {
    if (!socket.destroyed) socket.setTimeout(idleMs);
  });
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

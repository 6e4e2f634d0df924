import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Answers } from '../../answer/answers.js';
import { abortOnDisconnect, openEventStream } from '../event-stream.js';

type ChatBody = { model?: string; stream?: boolean; [field: string]: unknown };
type ChatRequest = FastifyRequest<{ Body: ChatBody; Params: { deployment?: string } }>;

// Only the envelope is checked here; the upstream judges the rest, and its refusal comes back translated.
const chatBody = {
  type: 'object',
  properties: { model: { type: 'string' }, messages: { type: 'array', minItems: 1 }, stream: { type: ['boolean', 'null'] } },
  required: ['messages'],
} as const;

/** `POST /chat/completions` forwarded to the upstream model, streamed or not, with the model resolved as for responses. */
export function chatRoutes(app: FastifyInstance, { upstream }: Answers): void {
  async function complete(request: ChatRequest, reply: FastifyReply) {
    upstream.requireConfigured();
    const signal = abortOnDisconnect(request, reply);
    const body = { ...request.body, model: await upstream.resolveModel(request.body.model ?? request.params.deployment, signal) };
    if (!body.stream) return upstream.forwardJson('POST', '/chat/completions', body, signal);

    // Upstream errors before the first byte still become ordinary HTTP errors.
    const answer = await upstream.forward('POST', '/chat/completions', body, signal);
    const stream = openEventStream(request, reply);
    try {
      for await (const bytes of answer.response.body as unknown as AsyncIterable<Uint8Array>) stream.raw.write(bytes);
    } catch (error) {
      if (!signal.aborted) {
        request.log.warn({ err: error }, 'upstream chat stream ended early');
        stream.write(null, JSON.stringify({ error: { message: 'The upstream model stopped answering mid-stream.', type: 'server_error', param: null, code: 'upstream_error' } }));
      }
    } finally {
      answer.release();
      stream.end();
    }
  }

  const summary = 'Forwarded to the upstream chat model.';
  app.post('/chat/completions', { schema: { operationId: 'createChatCompletion', summary, body: chatBody } }, complete);
  // Azure's client names the model as a deployment in the path instead of the body.
  app.post('/deployments/:deployment/chat/completions', { schema: { operationId: 'createDeploymentChatCompletion', summary, body: chatBody } }, complete);
}

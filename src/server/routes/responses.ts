import type { FastifyInstance } from 'fastify';
import { parsePageQuery } from '../../api/list-query.js';
import { createResponseEventStream } from '../../api/response-events.js';
import { deletedResponseObject, inputItemListObject, responseObject } from '../../api/response-objects.js';
import { createResponseBody, INCLUDE_RESULTS, parseResponseRequest, type CreateResponseBody } from '../../api/response-request.js';
import type { Answers } from '../../answer/answers.js';
import { TroveError } from '../../errors.js';
import { abortOnDisconnect, openEventStream } from '../event-stream.js';

type IdParams = { response_id: string };

/** `include` as a query string: `include=a&include=b` or `include[]=a`. */
function includesResults(query: Record<string, unknown>): boolean {
  const values = [query.include, query['include[]']].flat().filter((v) => typeof v === 'string');
  return values.includes(INCLUDE_RESULTS);
}

export function responseRoutes(app: FastifyInstance, { responses }: Answers): void {
  app.post<{ Body: CreateResponseBody }>('/responses', {
    schema: { operationId: 'createResponse', summary: 'Answer from the documents with the file_search tool, through the upstream chat model; streamed as server-sent events with `stream`.', body: createResponseBody },
  }, async (request, reply) => {
    const parsed = parseResponseRequest(request.body);
    const prepared = await responses.prepare(request.projectId, parsed);
    const signal = abortOnDisconnect(request, reply);
    if (!request.body.stream) return responseObject(await responses.run(prepared, signal), parsed.includeResults);

    const stream = openEventStream(request, reply);
    const events = createResponseEventStream((event, data) => stream.write(event, JSON.stringify(data)), parsed.includeResults);
    events.started(prepared.record);
    try {
      events.completed(await responses.run(prepared, signal, events));
    } catch (error) {
      if (signal.aborted) return;
      if (!(error instanceof TroveError)) request.log.error({ err: error }, 'streamed response failed');
      events.failed(error instanceof TroveError
        ? { message: error.message, code: error.code ?? error.kind, param: error.param }
        : { message: 'The server had an error while processing your request.', code: 'server_error', param: null });
    } finally {
      stream.end();
    }
  });

  app.get<{ Params: IdParams }>('/responses/:response_id', { schema: { operationId: 'getResponse', summary: 'A stored response.' } }, async (request) =>
    responseObject(await responses.get(request.projectId, request.params.response_id), includesResults(request.query as Record<string, unknown>)),
  );

  app.delete<{ Params: IdParams }>('/responses/:response_id', { schema: { operationId: 'deleteResponse', summary: 'Delete a stored response.' } }, async (request) => {
    await responses.delete(request.projectId, request.params.response_id);
    return deletedResponseObject(request.params.response_id);
  });

  app.get<{ Params: IdParams }>('/responses/:response_id/input_items', { schema: { operationId: 'listInputItems', summary: 'The input items of a stored response.' } }, async (request) => {
    const query = request.query as Record<string, unknown>;
    const page = await responses.inputItems(request.projectId, request.params.response_id, parsePageQuery(query, { defaultLimit: 20, maxLimit: 100 }));
    return inputItemListObject(page);
  });
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A scripted stand-in for an OpenAI-compatible chat model on 127.0.0.1. What it does depends on the
 * model asked for:
 *  - `fake-tools`: offered the `file_search` function and not yet given results, it calls it with the
 *    user's question; given numbered passages (`[n] filename` then text), it answers from the first
 *    one and cites it as `[n]`; with neither, it echoes the user.
 *  - `fake-plain`: refuses any request with tools as Ollama does ("does not support tools"), and
 *    otherwise answers as `fake-tools` does.
 *  - `fake-429`: always 429 with `retry-after: 7`; `fake-500`: always 500.
 * Streamed and plain answers carry the same text; usage counts words.
 */
export const FAKE_MODELS = ['fake-tools', 'fake-plain', 'fake-429', 'fake-500'] as const;

export type FakeLlmRequest = { path: string; body: ChatBody | null; authorization: string | undefined; completed: boolean };

export type FakeLlmOptions = {
  /** The key it expects as a bearer token; undefined accepts any or none. */
  apiKey?: string;
  /** ms before the first byte of every answer. */
  firstByteDelayMs?: number;
  /** ms between two streamed pieces. */
  pieceDelayMs?: number;
};

export type FakeLlmServer = {
  /** What to pass as TROVE_LLM_BASE_URL, ending in `/v1`. */
  baseURL: string;
  requests: FakeLlmRequest[];
  setOptions(options: Partial<FakeLlmOptions>): void;
  close(): Promise<void>;
};

type ChatMessage = { role: string; content?: string | null; tool_calls?: unknown[] };
type ChatBody = { model: string; messages: ChatMessage[]; tools?: unknown[]; stream?: boolean; stream_options?: { include_usage?: boolean } };
type Reply = { content: string; toolCall?: { id: string; name: string; arguments: string } };

const PASSAGE = /\[(\d+)\] [^\n]+\n([^\n]+)/;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** What the scripted model says to a conversation. */
export function scriptedReply(body: ChatBody): Reply {
  const question = [...body.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const lastUser = body.messages.map((m) => m.role).lastIndexOf('user');
  const afterQuestion = body.messages.slice(lastUser + 1);
  const results = afterQuestion.filter((m) => m.role === 'tool').map((m) => m.content ?? '');
  const given = [...results, ...body.messages.filter((m) => m.role === 'system').map((m) => m.content ?? '')].join('\n\n');
  if (body.tools?.length && results.length === 0) {
    return { content: '', toolCall: { id: `call_${lastUser}_${body.messages.length}`, name: 'file_search', arguments: JSON.stringify({ queries: [question] }) } };
  }
  const passage = PASSAGE.exec(given);
  if (passage) return { content: `The documents say: ${passage[2]!.trim()} [${passage[1]}]` };
  if (results.length > 0) return { content: 'The documents do not say.' };
  return { content: `You said: ${question}` };
}

export async function startFakeLlmServer(initial: FakeLlmOptions = {}): Promise<FakeLlmServer> {
  const options: FakeLlmOptions = { ...initial };
  const requests: FakeLlmRequest[] = [];

  const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void =>
    void response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  const error = (message: string, type = 'invalid_request_error') => ({ error: { message, type, param: null, code: null } });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const path = (request.url ?? '').split('?')[0]!;
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatBody) : null;
    const log: FakeLlmRequest = { path, body, authorization: request.headers.authorization, completed: false };
    requests.push(log);
    response.on('close', () => void (log.completed = response.writableFinished));
    if (options.firstByteDelayMs) await sleep(options.firstByteDelayMs);

    if (options.apiKey !== undefined && request.headers.authorization !== `Bearer ${options.apiKey}`) {
      return json(response, 401, error(`Incorrect API key provided: ${request.headers.authorization ?? 'none'}.`));
    }
    if (request.method === 'GET' && path === '/v1/models') {
      return json(response, 200, { object: 'list', data: FAKE_MODELS.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'trove-tests' })) });
    }
    const listed = /^\/v1\/models\/(.+)$/.exec(path)?.[1];
    if (request.method === 'GET' && listed && (FAKE_MODELS as readonly string[]).includes(listed)) {
      return json(response, 200, { id: listed, object: 'model', created: 1_700_000_000, owned_by: 'trove-tests' });
    }
    if (request.method !== 'POST' || path !== '/v1/chat/completions' || !body) return json(response, 404, error(`Unknown request URL: ${path}`));
    // As OpenAI does, a conversation that is not a list of messages with roles is the client's error.
    if (!Array.isArray(body.messages) || !body.messages.every((m) => typeof m === 'object' && m !== null && typeof m.role === 'string')) {
      return json(response, 400, error("Invalid 'messages': expected an array of messages, each with a role."));
    }
    if (!(FAKE_MODELS as readonly string[]).includes(body.model)) return json(response, 404, error(`model '${body.model}' not found`));
    if (body.model === 'fake-429') return json(response, 429, error('Rate limit reached for requests', 'requests'), { 'retry-after': '7' });
    if (body.model === 'fake-500') return json(response, 500, error('The server had an error while processing your request.', 'server_error'));
    if (body.model === 'fake-plain' && body.tools?.length) return json(response, 400, error(`registry.ollama.ai/library/${body.model}:latest does not support tools`));

    const reply = scriptedReply(body);
    const usage = { prompt_tokens: body.messages.reduce((n, m) => n + words(m.content ?? ''), 0), completion_tokens: words(reply.content) };
    const id = `chatcmpl-${requests.length}`;
    const created = Math.floor(Date.now() / 1000);
    const toolCalls = reply.toolCall ? [{ id: reply.toolCall.id, type: 'function', function: { name: reply.toolCall.name, arguments: reply.toolCall.arguments } }] : undefined;
    const finish = reply.toolCall ? 'tool_calls' : 'stop';
    if (!body.stream) {
      return json(response, 200, {
        id, object: 'chat.completion', created, model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content: reply.content || null, ...(toolCalls && { tool_calls: toolCalls }) }, finish_reason: finish, logprobs: null }],
        usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      });
    }

    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const send = (delta: object, finishReason: string | null = null, extra: object = {}) =>
      response.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }], ...extra })}\n\n`);
    send({ role: 'assistant', content: '' });
    if (reply.toolCall) {
      const half = Math.floor(reply.toolCall.arguments.length / 2);
      send({ tool_calls: [{ index: 0, id: reply.toolCall.id, type: 'function', function: { name: reply.toolCall.name, arguments: reply.toolCall.arguments.slice(0, half) } }] });
      send({ tool_calls: [{ index: 0, function: { arguments: reply.toolCall.arguments.slice(half) } }] });
    }
    for (const piece of reply.content.match(/\S+\s*/g) ?? []) {
      if (response.destroyed) return;
      send({ content: piece });
      if (options.pieceDelayMs) await sleep(options.pieceDelayMs);
    }
    send({}, finish);
    if (body.stream_options?.include_usage) {
      response.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } })}\n\n`);
    }
    response.end('data: [DONE]\n\n');
  }

  const server = createServer((request, response) => void handle(request, response).catch((e: Error) => json(response, 500, error(e.message))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    setOptions: (next) => Object.assign(options, next),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

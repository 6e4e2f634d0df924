import { TroveError } from '../errors.js';
import { readServerSentEvents } from './sse-reader.js';

// The user's own model behind an OpenAI-compatible `/v1/chat/completions` (Ollama, vLLM, LM Studio,
// llama.cpp server, OpenAI, Azure OpenAI's /openai/v1). Every failure leaves here as a TroveError
// whose message never carries the upstream's key.

export type UpstreamSettings = { baseUrl: string; apiKey: string; model: string; timeoutMs: number };

export type ChatToolCall = { id: string; type: 'function'; function: { name: string; arguments: string } };
export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: ChatToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export type ChatRequest = {
  model: string;
  messages: ChatMessage[];
  tools?: unknown[];
  tool_choice?: unknown;
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
};

export type Usage = { promptTokens: number; completionTokens: number };
export type Completion = { model: string; content: string; toolCalls: ChatToolCall[]; usage: Usage; finishReason: string | null };

/** A response from the upstream that is still to be read, with its timeout still running. */
export type UpstreamResponse = { response: Response; release(): void };

const MODEL_LIST_TTL_MS = 60_000;

/** Calls with tools that the upstream refused because the model cannot call tools; they carry this code. */
export const TOOLS_UNSUPPORTED = 'upstream_tools_unsupported';

// Ollama: "<model> does not support tools"; vLLM: "auto" tool choice requires --enable-auto-tool-choice;
// llama.cpp server: tools param requires --jinja flag; LM Studio and others: "tool(s) ... not supported".
const TOOLS_REFUSAL = /does not support tools|tool[_ ]choice requires|tools param requires|tools? (?:are |is )?not supported|--enable-auto-tool-choice/i;

export function createUpstream(settings: UpstreamSettings) {
  const scrub = (text: string) => (settings.apiKey ? text.split(settings.apiKey).join('***') : text);
  let models: { ids: Set<string>; at: number } | null = null;

  /**
   * Sends one request and waits for its headers. The timeout covers the wait for each byte, not the
   * whole answer: a long answer that keeps streaming is fine, a silent upstream is not.
   */
  function requireConfigured(): void {
    if (!settings.baseUrl) {
      throw new TroveError('not_configured', 'This server has no upstream model: set TROVE_LLM_BASE_URL (and TROVE_LLM_API_KEY if it needs one) to answer this route.', { code: 'upstream_not_configured' });
    }
  }

  async function send(method: 'GET' | 'POST', path: string, body: unknown, signal: AbortSignal | undefined, withTools = false): Promise<UpstreamResponse> {
    requireConfigured();
    const controller = new AbortController();
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, settings.timeoutMs);
    };
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const release = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    arm();
    let response: Response;
    try {
      response = await fetch(`${settings.baseUrl}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}`, 'api-key': settings.apiKey } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
      });
    } catch (error) {
      release();
      if (timedOut) throw new TroveError('upstream_timeout', `The upstream model did not answer within ${settings.timeoutMs} ms.`, { code: 'upstream_timeout' });
      if (signal?.aborted) throw error;
      throw new TroveError('upstream_failed', `The upstream model could not be reached: ${scrub((error as Error).cause ? String((error as { cause: Error }).cause.message) : (error as Error).message)}.`, { code: 'upstream_unreachable' });
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      release();
      throw translateFailure(response, scrub(upstreamMessage(text)), withTools);
    }
    // Each chunk read resets the timer, so the timeout bounds silence rather than length.
    const body2 = response.body;
    if (body2) {
      const reader = body2.getReader();
      const watched = new ReadableStream<Uint8Array>({
        async pull(out) {
          arm();
          try {
            const { done, value } = await reader.read();
            if (done) {
              release();
              out.close();
            } else out.enqueue(value);
          } catch (error) {
            release();
            out.error(timedOut ? new TroveError('upstream_timeout', `The upstream model went silent for ${settings.timeoutMs} ms.`, { code: 'upstream_timeout' }) : error);
          }
        },
        cancel(reason) {
          release();
          return reader.cancel(reason);
        },
      });
      response = new Response(watched, { status: response.status, headers: response.headers });
    }
    return { response, release };
  }

  async function readJson<T>(upstream: UpstreamResponse): Promise<T> {
    try {
      return (await upstream.response.json()) as T;
    } catch (error) {
      if (error instanceof TroveError) throw error;
      throw new TroveError('upstream_failed', 'The upstream model answered with something that is not JSON.', { code: 'upstream_invalid_response' });
    } finally {
      upstream.release();
    }
  }

  return {
    /** Throws the error that names the missing setting when there is no upstream. */
    requireConfigured,

    /** The request's model when the upstream serves it (or when no default is set), else `TROVE_LLM_MODEL`. */
    async resolveModel(requested: string | undefined, signal?: AbortSignal): Promise<string> {
      if (!settings.model) return requested ?? '';
      if (!requested) return settings.model;
      if (!models || Date.now() - models.at > MODEL_LIST_TTL_MS) {
        const listed = await readJson<{ data?: Array<{ id: string }> }>(await send('GET', '/models', undefined, signal)).catch(() => ({ data: undefined }));
        models = { ids: new Set((listed.data ?? []).map((m) => m.id)), at: Date.now() };
      }
      return models.ids.has(requested) ? requested : settings.model;
    },

    /** One chat completion. With `onDelta` it is streamed and each piece of text is passed on as it comes. */
    async complete(request: ChatRequest, signal: AbortSignal | undefined, onDelta?: (text: string) => void): Promise<Completion> {
      const withTools = (request.tools?.length ?? 0) > 0;
      if (!onDelta) {
        const body = await readJson<RawCompletion>(await send('POST', '/chat/completions', { ...request, stream: false }, signal, withTools));
        const message = body.choices?.[0]?.message;
        return {
          model: body.model ?? request.model,
          content: message?.content ?? '',
          toolCalls: (message?.tool_calls ?? []).map(normalizeToolCall),
          usage: usageOf(body.usage),
          finishReason: body.choices?.[0]?.finish_reason ?? null,
        };
      }
      const upstream = await send('POST', '/chat/completions', { ...request, stream: true, stream_options: { include_usage: true } }, signal, withTools);
      return accumulateStream(upstream, request.model, onDelta);
    },

    /** Forwards a request as it is; the caller streams the answer and releases it. */
    forward(method: 'GET' | 'POST', path: string, body: unknown, signal?: AbortSignal): Promise<UpstreamResponse> {
      return send(method, path, body, signal);
    },

    /** Forwards a request as it is and returns the upstream's JSON answer. */
    async forwardJson(method: 'GET' | 'POST', path: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
      return readJson<unknown>(await send(method, path, body, signal));
    },
  };
}

export type Upstream = ReturnType<typeof createUpstream>;

type RawToolCall = { id?: string; index?: number; type?: string; function?: { name?: string; arguments?: string | object } };
type RawUsage = { prompt_tokens?: number; completion_tokens?: number } | null | undefined;
type RawCompletion = {
  model?: string;
  choices?: Array<{ message?: { content?: string | null; tool_calls?: RawToolCall[] }; finish_reason?: string | null }>;
  usage?: RawUsage;
};
type RawChunk = {
  model?: string;
  choices?: Array<{ delta?: { content?: string | null; tool_calls?: RawToolCall[] }; finish_reason?: string | null }>;
  usage?: RawUsage;
};

const usageOf = (u: RawUsage): Usage => ({ promptTokens: u?.prompt_tokens ?? 0, completionTokens: u?.completion_tokens ?? 0 });

let callCounter = 0;
/** Some servers (older Ollama) send arguments as an object and omit ids. */
function normalizeToolCall(call: RawToolCall): ChatToolCall {
  const args = call.function?.arguments;
  return {
    id: call.id || `call_${++callCounter}`,
    type: 'function',
    function: { name: call.function?.name ?? '', arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}) },
  };
}

async function accumulateStream(upstream: UpstreamResponse, model: string, onDelta: (text: string) => void): Promise<Completion> {
  let content = '';
  let answeredModel = model;
  let usage: Usage = { promptTokens: 0, completionTokens: 0 };
  let finishReason: string | null = null;
  const calls = new Map<number, RawToolCall & { function: { name: string; arguments: string } }>();
  try {
    for await (const data of readServerSentEvents(upstream.response.body!)) {
      if (data === '[DONE]') break;
      let chunk: RawChunk;
      try {
        chunk = JSON.parse(data) as RawChunk;
      } catch {
        continue; // comments and keep-alives some servers send
      }
      if (chunk.model) answeredModel = chunk.model;
      if (chunk.usage) usage = usageOf(chunk.usage);
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      if (choice.finish_reason) finishReason = choice.finish_reason;
      const piece = choice.delta?.content;
      if (piece) {
        content += piece;
        onDelta(piece);
      }
      for (const [position, call] of (choice.delta?.tool_calls ?? []).entries()) {
        const index = call.index ?? position;
        const seen = calls.get(index) ?? { id: call.id, function: { name: '', arguments: '' } };
        if (call.id) seen.id = call.id;
        if (call.function?.name) seen.function.name += call.function.name;
        const args = call.function?.arguments;
        if (args !== undefined) seen.function.arguments += typeof args === 'string' ? args : JSON.stringify(args);
        calls.set(index, seen);
      }
    }
  } finally {
    upstream.release();
  }
  const toolCalls = [...calls.entries()].sort((a, b) => a[0] - b[0]).map(([, call]) => normalizeToolCall(call));
  return { model: answeredModel, content, toolCalls, usage, finishReason };
}

/** The `error.message` of an OpenAI-style error body, or the start of whatever else came back. */
function upstreamMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string } | string; message?: string };
    if (typeof parsed.error === 'string') return parsed.error;
    return parsed.error?.message ?? parsed.message ?? text.slice(0, 300);
  } catch {
    return text.slice(0, 300);
  }
}

/**
 * The upstream's status is information, not our answer: 400 and 404 (a bad request, an unknown model)
 * are the client's to fix and keep their status; 429 keeps its status and `retry-after`; a refused key
 * (401, 403) is the operator's problem, so the client gets a 502 saying so, without the upstream's words.
 */
function translateFailure(response: Response, message: string, withTools: boolean): TroveError {
  const status = response.status;
  if (withTools && (status === 400 || status === 404 || status === 422 || status === 500) && TOOLS_REFUSAL.test(message)) {
    return new TroveError('invalid', `The upstream model cannot call tools: ${message}`, { code: TOOLS_UNSUPPORTED });
  }
  if (status === 400 || status === 422) return new TroveError('invalid', `The upstream model refused the request: ${message}`, { code: 'upstream_bad_request' });
  if (status === 404) return new TroveError('not_found', `The upstream model answered 404: ${message}`, { code: 'model_not_found' });
  if (status === 401 || status === 403) {
    return new TroveError('upstream_failed', `The upstream model refused Trove's credentials (HTTP ${status}); check TROVE_LLM_API_KEY.`, { code: 'upstream_unauthorized' });
  }
  if (status === 429) {
    const retryAfter = response.headers.get('retry-after') ?? (response.headers.get('retry-after-ms') ? String(Math.ceil(Number(response.headers.get('retry-after-ms')) / 1000)) : null);
    return new TroveError('busy', `The upstream model is rate limiting requests: ${message}`, { code: 'rate_limit_exceeded', retryAfter });
  }
  return new TroveError('upstream_failed', `The upstream model failed (HTTP ${status}): ${message}`, { code: 'upstream_error' });
}

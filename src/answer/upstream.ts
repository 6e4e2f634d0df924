import { TroveError } from '../errors.js';
import { accumulateStream, completionOf, type ChatToolCall, type Completion, type RawCompletion } from './chat-completion.js';
import { translateFailure, upstreamMessage } from './upstream-errors.js';

// The user's own model behind an OpenAI-compatible `/v1/chat/completions` (Ollama, vLLM, LM Studio,
// llama.cpp server, OpenAI, Azure OpenAI's /openai/v1). Every failure leaves here as a TroveError
// whose message never carries the upstream's key.

export type UpstreamSettings = { baseUrl: string; apiKey: string; model: string; timeoutMs: number };

export type { ChatToolCall, Completion, Usage } from './chat-completion.js';
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


/** A response from the upstream that is still to be read, with its timeout still running. */
export type UpstreamResponse = { response: Response; release(): void };

const MODEL_LIST_TTL_MS = 60_000;

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
    if (response.body) {
      const reader = response.body.getReader();
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
        return completionOf(await readJson<RawCompletion>(await send('POST', '/chat/completions', { ...request, stream: false }, signal, withTools)), request.model);
      }
      const upstream = await send('POST', '/chat/completions', { ...request, stream: true, stream_options: { include_usage: true } }, signal, withTools);
      try {
        return await accumulateStream(upstream.response.body!, request.model, onDelta);
      } finally {
        upstream.release();
      }
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

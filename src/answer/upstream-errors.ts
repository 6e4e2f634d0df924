import { retryAfterMs } from '../embed/openai-errors.js';
import { TroveError } from '../errors.js';

/** Calls with tools that the upstream refused because the model cannot call tools; they carry this code. */
export const TOOLS_UNSUPPORTED = 'upstream_tools_unsupported';

// Ollama: "<model> does not support tools"; vLLM: "auto" tool choice requires --enable-auto-tool-choice;
// llama.cpp server: tools param requires --jinja flag; LM Studio and others: "tool(s) ... not supported".
const TOOLS_REFUSAL = /does not support tools|tool[_ ]choice requires|tools param requires|tools? (?:are |is )?not supported|--enable-auto-tool-choice/i;

/** The `error.message` of an OpenAI-style error body, or the start of whatever else came back. */
export function upstreamMessage(text: string): string {
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
export function translateFailure(response: Response, message: string, withTools: boolean): TroveError {
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
    const afterMs = retryAfterMs(response.headers);
    const retryAfterSeconds = afterMs === undefined ? null : Math.ceil(afterMs / 1000);
    return new TroveError('busy', `The upstream model is rate limiting requests: ${message}`, { code: 'rate_limit_exceeded', retryAfterSeconds });
  }
  return new TroveError('upstream_failed', `The upstream model failed (HTTP ${status}): ${message}`, { code: 'upstream_error' });
}

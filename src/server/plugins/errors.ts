import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TroveError, type ErrorKind } from '../../errors.js';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  busy: 429,
  upstream_failed: 502,
  upstream_timeout: 504,
  not_configured: 503,
};

type ValidationIssue = { instancePath: string; keyword: string; params: Record<string, unknown>; message?: string };

/** `/chunking_strategy/static/max_chunk_size_tokens` → `chunking_strategy.static.max_chunk_size_tokens`; `/files/0` → `files[0]`. */
function paramOf(issue: ValidationIssue): string | null {
  const parts = issue.instancePath.split('/').filter(Boolean);
  if (issue.keyword === 'additionalProperties') parts.push(String(issue.params.additionalProperty));
  if (issue.keyword === 'required') parts.push(String(issue.params.missingProperty));
  let path = '';
  for (const part of parts) path += /^\d+$/.test(part) ? `[${part}]` : path ? `.${part}` : part;
  return path || null;
}

/** An Ajv issue in the words OpenAI uses. */
function describe(issue: ValidationIssue, param: string | null): { message: string; code: string | null } {
  const p = issue.params;
  switch (issue.keyword) {
    case 'additionalProperties':
      return { message: `Unrecognized request argument supplied: ${p.additionalProperty}`, code: 'unknown_parameter' };
    case 'required':
      return { message: `Missing required parameter: '${param}'.`, code: 'missing_required_parameter' };
    case 'maxProperties':
      return { message: `Invalid '${param}': too many properties. Expected an object with at most ${p.limit} properties.`, code: 'object_above_max_properties' };
    case 'maxLength':
      return { message: `Invalid '${param}': string too long. Expected a string with maximum length ${p.limit}.`, code: 'string_above_max_length' };
    case 'maximum':
      return { message: `Invalid '${param}': value above maximum. Expected a value <= ${p.limit}.`, code: 'integer_above_max_value' };
    case 'minimum':
      return { message: `Invalid '${param}': value below minimum. Expected a value >= ${p.limit}.`, code: 'integer_below_min_value' };
    case 'maxItems':
      return { message: `Invalid '${param}': array too long. Expected an array with maximum length ${p.limit}.`, code: 'array_above_max_length' };
    case 'minItems':
      return { message: `Invalid '${param}': array too short. Expected an array with minimum length ${p.limit}.`, code: 'array_below_min_length' };
    case 'propertyNames':
      return { message: `Invalid '${param}': a key is too long (keys are at most 64 characters).`, code: 'invalid_key' };
    default:
      return { message: `Invalid '${param ?? 'body'}': ${issue.message ?? 'invalid value'}.`, code: null };
  }
}

function send(reply: FastifyReply, status: number, message: string, param: string | null, code: string | null) {
  const type = status >= 500 ? 'server_error' : 'invalid_request_error';
  return reply.status(status).type('application/json').send({ error: { message, type, param, code } });
}

/** The one place where failures become OpenAI error objects. Unknown failures are logged and answered as a bare 500. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof TroveError) {
      if (error.retryAfter !== null) reply.header('retry-after', error.retryAfter);
      return send(reply, STATUS[error.kind], error.message, error.param, error.code);
    }
    if (error.validation && error.validation.length > 0) {
      // With discriminated unions Ajv may report the branch mismatch first; the deepest issue is the useful one.
      const issues = error.validation as ValidationIssue[];
      const issue = issues.reduce((a, b) => (b.instancePath.length > a.instancePath.length ? b : a));
      const param = paramOf(issue);
      const { message, code } = describe(issue, param);
      return send(reply, 400, message, param, code);
    }
    const status = error.statusCode ?? 500;
    if (status === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE') return send(reply, 413, 'The request body is too large.', null, 'request_too_large');
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
      return send(reply, 400, `Unsupported content type: ${request.headers['content-type'] ?? 'none'}.`, null, 'unsupported_content_type');
    }
    if (status >= 400 && status < 500) return send(reply, status, error.message, null, null);
    // A client that hung up cancels what it asked for (an upstream call, say); that is not a failure.
    if (request.raw.socket?.destroyed && error.name === 'AbortError') return send(reply, 499, 'The client closed the request.', null, null);
    request.log.error({ err: error }, 'request failed');
    return send(reply, 500, 'The server had an error while processing your request. Sorry about that!', null, null);
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, 404, `Unknown request URL: ${request.method} ${request.url.split('?')[0]}.`, null, 'unknown_url'),
  );
}

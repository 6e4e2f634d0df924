import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TroveError, type ErrorKind } from '../../errors.js';
import { newRequestId } from './request-id.js';

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
  unavailable: 503,
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

/** OpenAI's error object. */
export function errorBody(status: number, message: string, param: string | null, code: string | null) {
  const type = status >= 500 ? 'server_error' : 'invalid_request_error';
  return { error: { message, type, param, code } };
}

function send(reply: FastifyReply, status: number, message: string, param: string | null, code: string | null) {
  return reply.status(status).type('application/json').send(errorBody(status, message, param, code));
}

// The multipart parser throws plain errors, without a status, for a body that is not well-formed
// multipart: no boundary, a body that ends before its closing boundary, a malformed part header.
const MALFORMED_MULTIPART = [
  'Multipart: Boundary not found',
  'Unexpected end of multipart data',
  'Part terminated early due to unexpected end of multipart data',
  'Malformed part header',
  'Unsupported Content-Type.',
];

/** A request whose client hung up or whose body broke off: nobody is left to read an answer. */
const clientWentAway = (request: FastifyRequest, error: FastifyError) =>
  request.raw.aborted || request.raw.socket?.destroyed === true || error.code === 'ECONNRESET' || error.message === 'aborted';

/** The one place where failures become OpenAI error objects. Unknown failures are logged and answered as a bare 500. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof TroveError) {
      if (error.retryAfterSeconds !== null) reply.header('retry-after', String(error.retryAfterSeconds));
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
    if (status === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE') {
      // Unread bytes of a refused body are not worth receiving: close the connection after answering.
      reply.header('connection', 'close');
      return send(reply, 413, 'The request body is too large.', null, 'request_too_large');
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
      return send(reply, 400, `Unsupported content type: ${request.headers['content-type'] ?? 'none'}.`, null, 'unsupported_content_type');
    }
    if (MALFORMED_MULTIPART.includes(error.message)) {
      return send(reply, 400, `The multipart/form-data body is malformed: ${error.message}`, null, 'invalid_multipart');
    }
    if (clientWentAway(request, error)) {
      request.log.info({ err: error }, 'client went away before the request was read');
      return send(reply, 400, 'The request body ended before it was complete.', null, 'incomplete_body');
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

/**
 * Errors Fastify meets before a request reaches its route, and so before the hooks that add
 * `x-request-id`: a path that is not valid percent-encoding, or a path id longer than any id.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-request-id', request.id);
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void send(reply, 404, 'No object found with the requested id: the id is longer than any id.', null, 'not_found');
    return;
  }
  void send(reply, 400, `Invalid request URL: ${error.message}.`, null, 'invalid_url');
}

// Node's own parser and timers refuse a connection before Fastify sees a request: headers too large,
// a request that did not arrive in time, bytes that are not HTTP. The answer is written to the socket.
const CLIENT_ERRORS: Record<string, { status: number; message: string; code: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, message: 'The request headers are too large.', code: 'headers_too_large' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, message: 'The request did not arrive in time.', code: 'request_timeout' },
};

/** Answers a connection-level client error in OpenAI's shape, with a request id, and closes the connection. */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = CLIENT_ERRORS[error.code ?? ''] ?? { status: 400, message: 'The request is not valid HTTP.', code: 'invalid_http' };
  if (socket.writable) {
    const body = JSON.stringify(errorBody(known.status, known.message, null, known.code));
    socket.write(
      `HTTP/1.1 ${known.status} ${STATUS_CODES[known.status]}\r\nx-request-id: ${newRequestId()}\r\ncontent-type: application/json\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

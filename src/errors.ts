/**
 * The one exception type a request path may throw on purpose. It names what went wrong in terms a
 * client may read; `server/` maps each kind to an HTTP status and OpenAI's error object.
 */
export const ERROR_KINDS = {
  invalid: 'the request is malformed or a parameter is out of range',
  unauthorized: 'the API key is missing or unknown',
  not_found: 'the object does not exist for this project',
  conflict: 'the object is in a state that does not allow this',
  too_large: 'the body exceeds a size limit',
  busy: 'the server is shedding load; retry later',
  upstream_failed: 'the upstream model refused or failed the request',
  upstream_timeout: 'the upstream model did not answer in time',
  not_configured: 'the server has no upstream model for this route',
  unavailable: 'the server could not answer in time or a dependency is down; retry later',
} as const;

export type ErrorKind = keyof typeof ERROR_KINDS;

export class TroveError extends Error {
  readonly kind: ErrorKind;
  readonly param: string | null;
  readonly code: string | null;
  /** For `busy` and `unavailable`: when a retry may succeed, sent as `retry-after`. */
  readonly retryAfterSeconds: number | null;

  constructor(
    kind: ErrorKind,
    message: string,
    options: { param?: string | null; code?: string | null; retryAfterSeconds?: number | null } = {},
  ) {
    super(message);
    this.name = 'TroveError';
    this.kind = kind;
    this.param = options.param ?? null;
    this.code = options.code ?? null;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }
}

export const invalid = (message: string, param: string | null = null, code: string | null = null) =>
  new TroveError('invalid', message, { param, code });

export const notFound = (what: string, id: string) =>
  new TroveError('not_found', `No ${what} found with id '${id}'.`);

import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TroveError } from '../../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The project every object this request touches belongs to. */
    projectId: string;
  }
}

/** The project used when the server runs without API keys. */
export const OPEN_PROJECT = 'default';

export type ApiKeyEntry = { projectId: string; keyHash: Buffer };

const hashKey = (key: string) => createHash('sha256').update(key).digest();

export const apiKeyEntry = (projectId: string, key: string): ApiKeyEntry => ({ projectId, keyHash: hashKey(key) });

/**
 * Parses `TROVE_API_KEYS`: comma-separated keys, each either `key` (a project of its own) or
 * `project:key` (several keys may share a project). Only hashes of the keys are kept.
 */
export function parseApiKeys(spec: string | undefined): ApiKeyEntry[] {
  return (spec ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const colon = item.indexOf(':');
      const [project, key] = colon > 0 ? [item.slice(0, colon), item.slice(colon + 1)] : [null, item];
      const keyHash = hashKey(key);
      return { projectId: project ?? `key_${keyHash.toString('hex').slice(0, 16)}`, keyHash };
    });
}

/** The bearer token (OpenAI) or `api-key` header (Azure) of a request. */
function presentedKey(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (auth?.toLowerCase().startsWith('bearer ')) return auth.slice(7).trim();
  const azure = request.headers['api-key'];
  return typeof azure === 'string' ? azure.trim() : undefined;
}

/** An onRequest hook that sets `request.projectId`, or refuses the request with 401. */
export function createAuthHook(keys: ApiKeyEntry[]) {
  return async function authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    if (keys.length === 0) {
      request.projectId = OPEN_PROJECT;
      return;
    }
    const key = presentedKey(request);
    if (!key) {
      throw new TroveError(
        'unauthorized',
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      );
    }
    const hash = hashKey(key);
    const entry = keys.find((k) => timingSafeEqual(k.keyHash, hash));
    if (!entry) {
      const shown = key.length > 8 ? `${key.slice(0, 3)}…${key.slice(-4)}` : '***';
      throw new TroveError('unauthorized', `Incorrect API key provided: ${shown}.`, { code: 'invalid_api_key' });
    }
    request.projectId = entry.projectId;
  };
}

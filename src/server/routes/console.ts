import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

// Served straight from the source folder, so `tsc` alone builds a working server: from dist/src/server/routes
// the folder is four levels up, from src/server/routes (run without compiling) two.
const CONSOLE_DIR = [new URL('../../console/', import.meta.url), new URL('../../../../src/console/', import.meta.url)]
  .map((url) => fileURLToPath(url))
  .find((dir) => existsSync(join(dir, 'index.html')));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

// Everything the console shows comes from its own origin, and documents' text only ever reaches the
// page as text nodes: the policy makes that a rule the browser enforces too.
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "connect-src 'self'",
  "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

type Asset = { body: Buffer; type: string; etag: string };

/** Reads the console's files once: they are small, and a served copy never changes under a running server. */
function loadAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const type = CONTENT_TYPES[extname(name)];
    if (!type) continue;
    const body = readFileSync(join(dir, name));
    assets.set(name, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` });
  }
  return assets;
}

/**
 * The web console: public static files at `/` and `/console/*`. It holds no data of its own; the page
 * calls `/v1` with the key its user enters, so the API's authentication covers everything it shows.
 */
export function consoleRoutes(app: FastifyInstance, { authRequired }: { authRequired: boolean }): void {
  if (!CONSOLE_DIR) throw new Error('The web console\'s files (src/console) are missing from this installation.');
  const assets = loadAssets(CONSOLE_DIR);
  const settings = Buffer.from(JSON.stringify({ auth_required: authRequired }));
  assets.set('settings.json', { body: settings, type: 'application/json; charset=utf-8', etag: `"${authRequired ? 'auth' : 'open'}"` });

  const send = async (name: string, request: FastifyRequest, reply: FastifyReply) => {
    const asset = assets.get(name);
    if (!asset) return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
    reply
      .header('content-type', asset.type)
      .header('cache-control', 'no-cache')
      .header('etag', asset.etag)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer');
    if (asset.type.startsWith('text/html')) reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.send(asset.body);
  };

  app.get('/', (request, reply) => send('index.html', request, reply));
  app.get<{ Params: { name: string } }>('/console/:name', (request, reply) => send(request.params.name, request, reply));
}

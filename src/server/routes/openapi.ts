import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { openApiDocument, type ApiRoute } from '../openapi.js';

const { version } = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string };

/** `GET /openapi.json`: the API's description, unauthenticated like the health probes (it holds no data). */
export function openApiRoutes(app: FastifyInstance, routes: ApiRoute[], prefix: string): void {
  let document: ReturnType<typeof openApiDocument> | undefined;
  // Built on first request, when every route has been registered.
  app.get('/openapi.json', async () => (document ??= openApiDocument(routes, { version, prefix })));
}

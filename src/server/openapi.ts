import type { FastifyInstance, FastifySchema } from 'fastify';
import { errorSchema } from '../api/responses.js';

declare module 'fastify' {
  interface FastifySchema {
    /** The operation's id in the OpenAPI document (OpenAI's, for the operations OpenAI defines). */
    operationId?: string;
    summary?: string;
    /** Query parameters, for the document only: list routes read them themselves, to answer in OpenAI's words. */
    queryParameters?: JsonObjectSchema;
    /** A multipart/form-data body, for the document only: multipart routes stream their parts themselves. */
    form?: JsonObjectSchema;
    /** The media type of a successful response that is not JSON; its body is bytes. */
    produces?: string;
  }
}

export type JsonObjectSchema = { type: 'object'; properties: Record<string, unknown>; required?: readonly string[] };

export type ApiRoute = { method: string; path: string; schema: FastifySchema };

const ERROR_REF = { $ref: '#/components/schemas/Error' };

/**
 * Records the routes registered under `prefix` as they are registered, to describe them in the OpenAPI
 * document. Every one of them must name its operation, so that none goes undescribed.
 */
export function collectApiRoutes(app: FastifyInstance, prefix: string): ApiRoute[] {
  const routes: ApiRoute[] = [];
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(`${prefix}/`)) return;
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((method) => method !== 'HEAD');
    if (methods.length === 0) return;
    if (!route.schema?.operationId) throw new Error(`${methods.join(',')} ${route.url} has no schema.operationId for the OpenAPI document`);
    for (const method of methods) routes.push({ method: method.toLowerCase(), path: route.url.slice(prefix.length), schema: route.schema });
  });
  return routes;
}

/** `/files/:file_id` → `/files/{file_id}` and its path parameter. */
function pathOf(path: string): { template: string; names: string[] } {
  const names: string[] = [];
  const template = path.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => {
    names.push(name);
    return `{${name}}`;
  });
  return { template, names };
}

function operation({ path, schema }: ApiRoute) {
  const { names } = pathOf(path);
  const query = schema.queryParameters;
  const parameters = [
    ...names.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
    ...Object.entries(query?.properties ?? {}).map(([name, parameter]) => ({ name, in: 'query', required: query?.required?.includes(name) ?? false, schema: parameter })),
  ];
  const body = schema.body !== undefined ? { 'application/json': { schema: schema.body } } : schema.form !== undefined ? { 'multipart/form-data': { schema: schema.form } } : null;
  const ok = schema.produces
    ? { [schema.produces]: { schema: { type: 'string', format: 'binary' } } }
    : { 'application/json': { schema: (schema.response as Record<string, unknown> | undefined)?.['200'] ?? {} } };
  return {
    operationId: schema.operationId,
    summary: schema.summary,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body ? { requestBody: { required: true, content: body } } : {}),
    responses: {
      '200': { description: 'OK', content: ok },
      default: { description: "OpenAI's error object", content: { 'application/json': { schema: ERROR_REF } } },
    },
  };
}

/** The OpenAPI 3.1 document of the API routes, built from their registrations. */
export function openApiDocument(routes: ApiRoute[], info: { version: string; prefix: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const { template } = pathOf(route.path);
    paths[template] = { ...paths[template], [route.method]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Trove',
      version: info.version,
      description:
        "OpenAI's Files, Uploads and Vector Stores API, self-hosted. Azure OpenAI clients reach the same operations under /openai with an api-version query parameter and an api-key header.",
    },
    servers: [{ url: info.prefix }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'One of TROVE_API_KEYS; none is needed when the server has none.' } },
      schemas: { Error: errorSchema },
    },
  };
}

import fastifyMultipart from '@fastify/multipart';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { invalid } from '../errors.js';
import { LIMITS } from '../services/limits.js';
import type { Answers } from '../answer/answers.js';
import type { Services } from '../services/services.js';
import { createAuthHook, type ApiKeyEntry } from './plugins/auth.js';
import { clientErrorHandler, frameworkErrorHandler, registerErrorHandling } from './plugins/errors.js';
import { collectApiRoutes } from './openapi.js';
import { registerRequestMetrics } from './plugins/request-metrics.js';
import { newRequestId, registerRequestId } from './plugins/request-id.js';
import { registerRequestLog } from './plugins/request-log.js';
import { batchRoutes } from './routes/batches.js';
import { consoleRoutes } from './routes/console.js';
import { fileRoutes } from './routes/files.js';
import { chatRoutes } from './routes/chat.js';
import { healthRoutes } from './routes/health.js';
import { metricsAccess, metricsRoutes } from './routes/metrics.js';
import { modelRoutes } from './routes/models.js';
import { openApiRoutes } from './routes/openapi.js';
import { responseRoutes } from './routes/responses.js';
import { searchRoutes, type SearchShape } from './routes/search.js';
import { storeFileRoutes } from './routes/store-files.js';
import { uploadRoutes } from './routes/uploads.js';
import { vectorStoreRoutes } from './routes/vector-stores.js';

/** How long a connection may take, in ms: the README's TROVE_*_TIMEOUT_MS settings. */
export type HttpTimeouts = {
  /** From connecting until the request's headers have arrived. */
  headersMs: number;
  /** From connecting until the whole request, body included, has arrived. */
  requestMs: number;
  /** A connection on which no byte moves either way for this long is closed. */
  idleMs: number;
};

export type AppOptions = {
  services: Services;
  answers: Answers;
  apiKeys: ApiKeyEntry[];
  logger: FastifyBaseLogger;
  timeouts: HttpTimeouts;
  /** `TROVE_METRICS_KEY`: the bearer key that reads `/metrics` ('' for none). */
  metricsKey?: string;
};

/** JSON bodies: 8 MB covers a 2,000-file batch with attributes many times over. */
const JSON_BODY_LIMIT = 8 * 1024 * 1024;

// OpenAI's SDKs reach the API at `<base>/v1/...`; Azure's client at `<endpoint>/openai/...?api-version=...`.
const OPENAI_PREFIX = '/v1';
// NEAR AI hub's client code uses the same API at its own base URL and reads search results in its own shape.
const API_PREFIXES: Array<{ prefix: string; search: SearchShape }> = [
  { prefix: OPENAI_PREFIX, search: 'openai' },
  { prefix: '/openai', search: 'openai' },
  { prefix: '/near/v1', search: 'near' },
];

/** Builds the HTTP app without listening, so tests and the CLI start the same thing. */
export function buildApp({ services, answers, apiKeys, logger, timeouts, metricsKey = '' }: AppOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger,
    genReqId: newRequestId,
    // Fastify's two lines per request give way to the one of `registerRequestLog`.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: JSON_BODY_LIMIT,
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.idleMs,
    // Node checks the headers and request deadlines on this beat (30 s by default), so a short deadline needs a quicker one.
    http: { connectionsCheckingInterval: Math.min(30_000, Math.max(50, Math.floor(timeouts.headersMs / 4))) },
    ajv: { customOptions: { allowUnionTypes: true, coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false, discriminator: true } },
  });

  app.server.headersTimeout = timeouts.headersMs;

  registerRequestId(app);
  registerRequestLog(app);
  registerErrorHandling(app);
  registerRequestMetrics(app);

  // An empty body with a JSON content type is how the Python SDK sends bodiless POSTs and DELETEs.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      done(invalid('We could not parse the JSON body of your request. The body must be valid JSON.', null, 'invalid_json'), undefined);
    }
  });

  app.register(fastifyMultipart, {
    limits: { fileSize: LIMITS.fileBytes, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12 },
  });

  const apiRoutes = collectApiRoutes(app, OPENAI_PREFIX);
  const authenticate = createAuthHook(apiKeys);
  for (const { prefix, search } of API_PREFIXES) {
    app.register(
      async (api) => {
        api.addHook('onRequest', authenticate);
        for (const routes of [fileRoutes, uploadRoutes, vectorStoreRoutes, storeFileRoutes, batchRoutes]) routes(api, services);
        searchRoutes(api, services, search);
        for (const routes of [responseRoutes, chatRoutes, modelRoutes]) routes(api, answers);
      },
      { prefix },
    );
  }
  healthRoutes(app, services);
  metricsRoutes(app, services, metricsAccess(metricsKey, apiKeys.length > 0));
  openApiRoutes(app, apiRoutes, OPENAI_PREFIX);
  consoleRoutes(app, { authRequired: apiKeys.length > 0 });
  return app;
}

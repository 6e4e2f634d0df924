import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createAnswers } from './answer/answers.js';
import { embedderSettings, httpTimeouts, type Config } from './config.js';
import { createLogger } from './logger.js';
import { createEmbedderCatalog } from './embed/catalog.js';
import { startExpirySweeper } from './ingest/expiry-sweeper.js';
import { startIngestWorker, DEFAULT_INGEST_OPTIONS } from './ingest/ingest-worker.js';
import type { IngestProgressFeed } from './ingest/progress.js';
import { buildApp } from './server/app.js';
import { parseApiKeys } from './server/plugins/auth.js';
import { createServices, type Services } from './services/services.js';
import { StartupError } from './startup-error.js';
import { createFsBlobStore } from './storage/fs/fs-blob-store.js';
import { removeStaleTempFiles } from './storage/fs/temp-files.js';
import { createInlineBlobStore } from './storage/sqlite/inline-blob-store.js';
import { createSqliteStore } from './storage/sqlite/sqlite-store.js';
import type { Store } from './storage/store.js';

export type RunningTrove = {
  url: string;
  services: Services;
  store: Store;
  /** Every file's ingestion progress, for metrics or a console. */
  ingestProgress: IngestProgressFeed;
  /** Stops accepting requests, finishes those in flight and pauses ingestion with its progress saved, within STOP_GRACE. */
  close(): Promise<void>;
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * How long a stop waits (ms): requests in flight are then cut off, and ingestion slices still
 * embedding are aborted (their files resume from the last saved slice).
 */
export const STOP_GRACE = { requestsMs: 5_000, ingestMs: 8_000 };

function openStore(dataDir: string): Store {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new StartupError(`the data directory ${dataDir} cannot be used: ${(error as Error).message}`);
  }
  try {
    return createSqliteStore(dataDir);
  } catch (error) {
    throw new StartupError(`the database in ${dataDir} cannot be opened: ${(error as Error).message}`);
  }
}

/** Closes the app; requests still running after `graceMs` have their connections closed. */
async function closeApp(app: FastifyInstance, graceMs: number): Promise<void> {
  const cutOff = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(cutOff);
  }
}

/** Wires storage, embedders, the ingestion worker and the HTTP app together and starts listening. */
export async function startTrove(config: Config, log: Logger = createLogger(config.logLevel)): Promise<RunningTrove> {
  const apiKeys = parseApiKeys(config.apiKeys);
  const host = apiKeys.length === 0 ? '127.0.0.1' : config.host;

  let timeouts: ReturnType<typeof httpTimeouts>;
  try {
    timeouts = httpTimeouts(config);
  } catch (error) {
    throw new StartupError((error as Error).message);
  }
  const store = openStore(config.dataDir);
  // A process killed mid-write leaves its temporary file behind: nothing refers to it, so it goes.
  const stale = removeStaleTempFiles([join(config.dataDir, 'blobs'), join(config.dataDir, 'indexes')], Date.now() - process.uptime() * 1000);
  if (stale.files > 0) log.info(stale, 'removed temporary files left by a stopped process');
  const blobs = createInlineBlobStore(join(config.dataDir, 'blobs.db'), createFsBlobStore(config.dataDir));
  const embedders = createEmbedderCatalog(config.embedder, embedderSettings(config));
  try {
    // The default embedder is what new stores get: a spec that cannot run must stop the start, not the first store.
    await embedders.describe();
  } catch (error) {
    await Promise.all([embedders.close(), blobs.close(), store.close()]);
    throw new StartupError(`TROVE_EMBEDDER '${config.embedder}' cannot run: ${(error as Error).message.replace(/^Invalid 'embedder': /, '')}`);
  }
  embedders.defaultStatus(); // /readyz reports the default embedder from here on
  const worker = startIngestWorker({ store, blobs, embedders, log }, { ...DEFAULT_INGEST_OPTIONS, concurrency: config.ingestConcurrency });
  const sweeper = startExpirySweeper({ store, blobs, log });
  const services = createServices({ store, blobs, embedders, ingest: worker, defaultEmbedder: config.embedder, storeEmbedders: config.storeEmbedders,
    indexDir: join(config.dataDir, 'indexes'),
    searchTimeoutMs: config.searchTimeoutMs,
  });
  const httpLog = log.child({ component: 'http' });
  const answers = createAnswers(store, services, { baseUrl: config.llmBaseUrl, apiKey: config.llmApiKey, model: config.llmModel, timeoutMs: config.llmTimeoutMs });
  const app = buildApp({ services, answers, apiKeys, logger: httpLog, timeouts, metricsKey: config.metricsKey });
  const close = async () => {
    await Promise.all([closeApp(app, STOP_GRACE.requestsMs), worker.stop({ graceMs: STOP_GRACE.ingestMs })]);
    await sweeper.stop();
    await embedders.close();
    await blobs.close();
    await store.close();
  };

  let address: string;
  try {
    address = await app.listen({ host, port: config.port });
  } catch (error) {
    await close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new StartupError(`port ${config.port} on ${host} is already in use (set TROVE_PORT or --port)`);
    if (code === 'EACCES') throw new StartupError(`no permission to listen on port ${config.port} on ${host}`);
    if (code === 'EADDRNOTAVAIL') throw new StartupError(`${host} is not an address of this machine (TROVE_HOST or --host)`);
    throw error;
  }
  if (apiKeys.length === 0) {
    if (!LOOPBACK.has(config.host)) log.warn({ requested: config.host }, 'no API keys configured: refusing to listen beyond loopback');
    log.warn('TROVE_API_KEYS is not set: serving without authentication on 127.0.0.1 only');
  }
  log.info({ address, dataDir: config.dataDir, embedder: config.embedder, llm: config.llmBaseUrl !== '', projects: new Set(apiKeys.map((k) => k.projectId)).size }, 'trove is serving');

  return { url: address, services, store, ingestProgress: worker.progress, close };
}

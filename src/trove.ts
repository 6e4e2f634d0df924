import { join } from 'node:path';
import type { Logger } from 'pino';
import { createAnswers } from './answer/answers.js';
import { embedderSettings, httpTimeouts, type Config } from './config.js';
import { createLogger } from './logger.js';
import { createEmbedderCatalog } from './embed/catalog.js';
import { startExpirySweeper } from './ingest/expiry-sweeper.js';
import { startIngestWorker, DEFAULT_INGEST_OPTIONS } from './ingest/ingest-worker.js';
import { buildApp } from './server/app.js';
import { parseApiKeys } from './server/plugins/auth.js';
import { createServices, type Services } from './services/services.js';
import { createFsBlobStore } from './storage/fs/fs-blob-store.js';
import { removeStaleTempFiles } from './storage/fs/temp-files.js';
import { createInlineBlobStore } from './storage/sqlite/inline-blob-store.js';
import { createSqliteStore } from './storage/sqlite/sqlite-store.js';
import type { Store } from './storage/store.js';

export type RunningTrove = { url: string; services: Services; store: Store; close(): Promise<void> };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Wires storage, embedders, the ingestion worker and the HTTP app together and starts listening. */
export async function startTrove(config: Config, log: Logger = createLogger(config.logLevel)): Promise<RunningTrove> {
  const apiKeys = parseApiKeys(config.apiKeys);
  let host = config.host;
  if (apiKeys.length === 0) {
    if (!LOOPBACK.has(host)) log.warn({ requested: host }, 'no API keys configured: refusing to listen beyond loopback');
    host = '127.0.0.1';
    log.warn('TROVE_API_KEYS is not set: serving without authentication on 127.0.0.1 only');
  }

  const timeouts = httpTimeouts(config);
  const store = createSqliteStore(config.dataDir);
  // A process killed mid-write leaves its temporary file behind: nothing refers to it, so it goes.
  const stale = removeStaleTempFiles([join(config.dataDir, 'blobs'), join(config.dataDir, 'indexes')], Date.now() - process.uptime() * 1000);
  if (stale.files > 0) log.info(stale, 'removed temporary files left by a stopped process');
  const blobs = createInlineBlobStore(join(config.dataDir, 'blobs.db'), createFsBlobStore(config.dataDir));
  const embedders = createEmbedderCatalog(config.embedder, embedderSettings(config));
  embedders.defaultStatus(); // starts loading the default embedder in the background: /readyz waits for it
  const worker = startIngestWorker({ store, blobs, embedders, log }, { ...DEFAULT_INGEST_OPTIONS, concurrency: config.ingestConcurrency });
  const sweeper = startExpirySweeper({ store, blobs, log });
  const services = createServices({ store, blobs, embedders, ingest: worker, storeEmbedders: config.storeEmbedders,
    indexDir: join(config.dataDir, 'indexes'),
    searchTimeoutMs: config.searchTimeoutMs,
  });
  const httpLog = log.child({ component: 'http' });
  const answers = createAnswers(store, services, { baseUrl: config.llmBaseUrl, apiKey: config.llmApiKey, model: config.llmModel, timeoutMs: config.llmTimeoutMs });
  const app = buildApp({ services, answers, apiKeys, logger: httpLog, timeouts, metricsKey: config.metricsKey });
  const close = async () => {
    await app.close();
    await worker.stop();
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
    throw error;
  }
  log.info({ address, dataDir: config.dataDir, embedder: config.embedder, llm: config.llmBaseUrl !== '', projects: new Set(apiKeys.map((k) => k.projectId)).size }, 'trove is serving');

  return { url: address, services, store, close };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { AzureOpenAI } from 'openai';
import pino from 'pino';
import { configFromEnv, type Config } from '../../src/config.js';
import { startTrove, type RunningTrove } from '../../src/trove.js';

export type TestServer = {
  trove: RunningTrove;
  baseURL: string;
  dataDir: string;
  /** An SDK client for project A (or the open project when the server has no keys). */
  client: OpenAI;
  clientFor(apiKey: string): OpenAI;
  azureClient(apiKey: string): AzureOpenAI;
  close(): Promise<void>;
};

export const KEY_A = 'sk-test-project-a';
export const KEY_B = 'sk-test-project-b';

/** Starts a real server on an ephemeral port with a fresh data directory and the fast test embedder. */
export async function startTestServer(overrides: Partial<Config> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'trove-test-'));
  const config: Config = {
    ...configFromEnv({}),
    port: 0,
    dataDir,
    apiKeys: `${KEY_A},${KEY_B}`,
    embedder: 'test',
    storeEmbedders: '*',
    ...overrides,
  };
  const trove = await startTrove(config, pino({ level: 'silent' }));
  const baseURL = `${trove.url}/v1`;
  const clientFor = (apiKey: string) => new OpenAI({ apiKey, baseURL, maxRetries: 0 });
  return {
    trove,
    baseURL,
    dataDir,
    client: clientFor(config.apiKeys ? KEY_A : 'unused'),
    clientFor,
    azureClient: (apiKey: string) => new AzureOpenAI({ endpoint: trove.url, apiKey, apiVersion: '2025-04-01-preview', maxRetries: 0 }),
    async close() {
      await trove.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `read` until `done` holds (at most `timeoutMs`). */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not reached within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

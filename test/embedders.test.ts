// Each embedding provider through the HTTP API: a store created with it embeds its files and its
// queries, and failures of the model or the service end in clear errors. ONNX runs a tiny model the
// tests generate; the OpenAI-compatible provider talks to a local fake; nothing leaves the machine.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import OpenAI, { toFile } from 'openai';
import { countTokens } from '../src/chunk/tokenizer.js';
import { createHashEmbedder } from '../src/embed/hash-embedder.js';
import { createEmbedder } from '../src/embed/registry.js';
import { configFromEnv, embedderSettings, type Config } from '../src/config.js';
import { startFakeEmbeddingsServer } from './support/fake-embeddings-server.js';
import { startFakeHubServer } from './support/fake-hub-server.js';
import { writeTinyOnnxModel } from './support/tiny-onnx-model.js';
import { eventually, startTestServer, type TestServer } from './support/trove-server.js';

const FILES: Record<string, string> = {
  'cats.txt': 'Cats purr softly and nap on warm windowsills while the kittens chase yarn.',
  'rockets.txt': 'Rockets burn liquid fuel to lift satellites into orbit around the planet.',
  'bread.txt': 'Bakers knead dough with flour, water and yeast before the bread rises in the oven.',
};
const QUERIES: [query: string, filename: string][] = [
  ['kittens nap on windowsills', 'cats.txt'],
  ['satellites reach orbit', 'rockets.txt'],
  ['knead the dough with flour', 'bread.txt'],
];

let scratch: string;
let modelFolder: string;
before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'trove-embedders-'));
  modelFolder = join(scratch, 'tiny-bert');
  writeTinyOnnxModel(modelFolder, { texts: [...Object.values(FILES), ...QUERIES.map(([query]) => query)] });
});
after(() => rmSync(scratch, { recursive: true, force: true }));

async function withServer(overrides: Partial<Config>, run: (server: TestServer) => Promise<void>): Promise<void> {
  const server = await startTestServer(overrides);
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

async function createStore(client: OpenAI, embedder?: string) {
  const store = await client.vectorStores.create({ name: embedder ?? 'server default', ...(embedder && { embedder }) } as never);
  return store as typeof store & { embedder: { provider: string; model: string; dimension: number } };
}

async function fillStore(client: OpenAI, storeId: string): Promise<void> {
  const files = await Promise.all(Object.entries(FILES).map(([name, text]) => toFile(Buffer.from(text), name)));
  const batch = await client.vectorStores.fileBatches.uploadAndPoll(storeId, { files });
  assert.deepEqual(batch.file_counts, { in_progress: 0, completed: 3, failed: 0, cancelled: 0, total: 3 });
}

/** Searches on the vector side only, so that keyword matches cannot hide a wrong embedding. */
function vectorSearch(client: OpenAI, storeId: string, query: string) {
  return client.vectorStores.search(storeId, { query, ranking_options: { hybrid_search: { embedding_weight: 1, text_weight: 0 } } } as never);
}

async function assertEachQueryFindsItsFile(client: OpenAI, storeId: string): Promise<void> {
  for (const [query, filename] of QUERIES) {
    const results = await vectorSearch(client, storeId, query);
    assert.equal(results.data[0]?.filename, filename, `"${query}"`);
  }
}

/** A local port with nothing listening: connecting to it is refused at once, like a machine without network. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('an ONNX model from a local folder embeds a store and its queries', async () => {
  await withServer({}, async ({ client }) => {
    const store = await createStore(client, `onnx:${modelFolder}`);
    assert.deepEqual(store.embedder, { provider: 'onnx', model: modelFolder, dimension: 32 });
    await fillStore(client, store.id);
    await assertEachQueryFindsItsFile(client, store.id);
  });
});

test('a hub model is downloaded once into the data directory, and loads from there without the network', async () => {
  const hub = await startFakeHubServer('trove/tiny-bert', modelFolder);
  try {
    await withServer({ hfEndpoint: hub.endpoint }, async ({ client, dataDir }) => {
      const store = await createStore(client, 'onnx:trove/tiny-bert');
      assert.deepEqual(store.embedder, { provider: 'onnx', model: 'trove/tiny-bert', dimension: 32 });
      assert.ok(existsSync(join(dataDir, 'models', 'trove', 'tiny-bert', 'onnx', 'model.onnx')));
      await fillStore(client, store.id);
      await assertEachQueryFindsItsFile(client, store.id);

      const downloads = hub.requests.length;
      await createStore(client, 'onnx:trove/tiny-bert');
      assert.equal(hub.requests.length, downloads);

      await hub.close();
      const offline = embedderSettings({ ...configFromEnv({}), dataDir, hfEndpoint: `http://127.0.0.1:${await closedPort()}` });
      const reloaded = await createEmbedder('onnx:trove/tiny-bert', offline);
      assert.equal(reloaded.dimension, 32);
      await reloaded.close();
    });
  } finally {
    await hub.close();
  }
});

test('without network, a hub model is refused at store creation with the reason', async () => {
  const endpoint = `http://127.0.0.1:${await closedPort()}`;
  await withServer({ hfEndpoint: endpoint }, async ({ client }) => {
    const started = Date.now();
    await assert.rejects(createStore(client, 'onnx:trove/tiny-bert'), (error: InstanceType<typeof OpenAI.APIError>) => {
      assert.equal(error.status, 400);
      assert.equal(error.param, 'embedder');
      assert.match(error.message, /Could not load the ONNX model "trove\/tiny-bert" from http:\/\/127\.0\.0\.1:\d+ into .*ECONNREFUSED/);
      return true;
    });
    assert.ok(Date.now() - started < 10_000);
  });
});

const FAKE_KEY = 'sk-fake-embeddings';

test('an OpenAI-compatible service embeds a store, with the dimensions asked for', async () => {
  const service = await startFakeEmbeddingsServer({ apiKey: FAKE_KEY });
  try {
    const settings = { embedder: 'openai:fake-embed', openaiBaseUrl: service.baseURL, openaiApiKey: FAKE_KEY, openaiDimensions: 48 };
    await withServer(settings, async ({ client }) => {
      const store = await createStore(client);
      assert.deepEqual(store.embedder, { provider: 'openai', model: 'fake-embed', dimension: 48 });
      assert.equal(service.requests.length, 0, 'a configured dimension needs no probe');
      await fillStore(client, store.id);
      await assertEachQueryFindsItsFile(client, store.id);
      assert.ok(service.requests.every((request) => request.dimensions === 48 && request.model === 'fake-embed' && request.status === 200));
    });
  } finally {
    await service.close();
  }
});

test('many texts go out in token-budgeted batches, at most 4 requests at once, and come back in order', async () => {
  const service = await startFakeEmbeddingsServer();
  service.delay(20);
  const settings = embedderSettings({ ...configFromEnv({}), openaiBaseUrl: service.baseURL });
  const embedder = await createEmbedder('openai:fake-embed', settings);
  try {
    const texts = Array.from({ length: 300 }, (_, i) => `passage ${i}:${' word'.repeat(196)}`); // 200 tokens each
    texts[7] = `passage 7:${' word'.repeat(20_000)}`;
    const vectors = await embedder.embedDocuments(texts);

    const sent = service.requests.slice(1).map((request) => request.inputs); // after the dimension probe
    assert.deepEqual(sent.flat().length, 300);
    for (const batch of sent) assert.ok(batch.length === 1 || batch.reduce((sum, text) => sum + countTokens(text), 0) <= 8000);
    assert.equal(countTokens(sent.flat().find((text) => text.startsWith('passage 7:'))!), 8191);
    assert.ok(service.peakInFlight() <= 4 && service.peakInFlight() >= 2, `peak ${service.peakInFlight()}`);

    const expected = createHashEmbedder(64);
    for (const i of [0, 150, 299]) {
      const want = await expected.embedQuery(texts[i]);
      assert.ok(vectors[i].reduce((dot, x, j) => dot + x * want[j], 0) > 0.9999, `text ${i} came back in its place`);
    }
  } finally {
    await embedder.close();
    await service.close();
  }
});

test('rate limits, server errors and dropped connections are retried until ingestion completes', async () => {
  const service = await startFakeEmbeddingsServer({ apiKey: FAKE_KEY });
  try {
    await withServer({ openaiBaseUrl: service.baseURL, openaiApiKey: FAKE_KEY }, async ({ client }) => {
      const store = await createStore(client, 'openai:fake-embed');
      assert.deepEqual(store.embedder, { provider: 'openai', model: 'fake-embed', dimension: 64 }, 'the dimension comes from a probe');
      assert.equal(service.requests.length, 1);

      service.failNext(2, 429, { 'retry-after-ms': '20' });
      service.failNext(1, 500, { 'retry-after': '0' });
      service.dropNext(1);
      const file = await client.files.create({ file: await toFile(Buffer.from(FILES['cats.txt']), 'cats.txt'), purpose: 'assistants' });
      const attached = await client.vectorStores.files.createAndPoll(store.id, { file_id: file.id });
      assert.equal(attached.status, 'completed');
      assert.deepEqual(service.requests.slice(1).map((request) => request.status), [0, 429, 429, 500, 200]);
    });
  } finally {
    await service.close();
  }
});

test('a service that refuses ends the file failed with its refusal, and the API stays responsive meanwhile', async () => {
  const service = await startFakeEmbeddingsServer({ apiKey: FAKE_KEY });
  try {
    await withServer({ openaiBaseUrl: service.baseURL, openaiApiKey: FAKE_KEY }, async ({ client }) => {
      const store = await createStore(client, 'openai:fake-embed');
      service.refuseAll();
      const file = await client.files.create({ file: await toFile(Buffer.from(FILES['rockets.txt']), 'rockets.txt'), purpose: 'assistants' });
      await client.vectorStores.files.create(store.id, { file_id: file.id });

      let slowest = 0;
      const done = await eventually(
        async () => {
          const started = performance.now();
          const current = await client.vectorStores.files.retrieve(file.id, { vector_store_id: store.id });
          slowest = Math.max(slowest, performance.now() - started);
          return current;
        },
        (current) => current.status !== 'in_progress',
      );
      assert.equal(done.status, 'failed');
      assert.equal(done.last_error?.code, 'server_error');
      assert.match(done.last_error?.message ?? '', /The embeddings service at http:\/\/127\.0\.0\.1:\d+\/v1 refused the request: 401 Incorrect API key provided/);
      assert.ok(service.requests.slice(1).every((request) => request.status === 401), 'a refusal is not retried within an attempt');
      assert.ok(slowest < 1000, `the slowest API answer took ${slowest} ms`);
    });
  } finally {
    await service.close();
  }
});

test('a wrong key or an unknown model is refused at store creation, naming the refusal', async () => {
  const service = await startFakeEmbeddingsServer({ apiKey: FAKE_KEY });
  try {
    await withServer({ openaiBaseUrl: service.baseURL, openaiApiKey: 'sk-wrong' }, async ({ client }) => {
      await assert.rejects(createStore(client, 'openai:fake-embed'), (error: InstanceType<typeof OpenAI.APIError>) => {
        assert.equal(error.status, 400);
        assert.equal(error.param, 'embedder');
        assert.match(error.message, /refused the request: 401 Incorrect API key provided: sk-wrong/);
        return true;
      });
    });
    await withServer({ openaiBaseUrl: service.baseURL, openaiApiKey: FAKE_KEY }, async ({ client }) => {
      await assert.rejects(createStore(client, 'openai:no-such-model'), /refused the request: 404 The model `no-such-model` does not exist/);
    });
  } finally {
    await service.close();
  }
});

test('TROVE_EMBEDDER is the default, a store may choose its own, and each store is searched with its own', async () => {
  await withServer({ embedder: 'test:64' }, async ({ client }) => {
    const hashed = await createStore(client);
    const onnx = await createStore(client, `onnx:${modelFolder}`);
    assert.deepEqual(hashed.embedder, { provider: 'test', model: 'hash-64', dimension: 64 });
    assert.deepEqual(onnx.embedder, { provider: 'onnx', model: modelFolder, dimension: 32 });
    await Promise.all([fillStore(client, hashed.id), fillStore(client, onnx.id)]);
    await assertEachQueryFindsItsFile(client, hashed.id);
    await assertEachQueryFindsItsFile(client, onnx.id);

    await assert.rejects(createStore(client, 'word2vec'), (error: InstanceType<typeof OpenAI.APIError>) => {
      assert.equal(error.status, 400);
      assert.equal(error.param, 'embedder');
      assert.match(error.message, /unknown embedder "word2vec"/);
      return true;
    });
  });
});

test('a store whose embedder this server cannot run answers searches with a clear error', async () => {
  const folder = join(scratch, 'moved-away');
  writeTinyOnnxModel(folder, { texts: Object.values(FILES) });
  const first = await startTestServer();
  const store = await createStore(first.client, `onnx:${folder}`);
  await fillStore(first.client, store.id);
  await first.trove.close(); // a restart: the data directory stays
  rmSync(folder, { recursive: true });

  await withServer({ dataDir: first.dataDir }, async ({ client }) => {
    await assert.rejects(vectorSearch(client, store.id, 'cats'), (error: InstanceType<typeof OpenAI.APIError>) => {
      assert.equal(error.status, 409);
      assert.match(error.message, /This vector store was embedded with onnx .*moved-away \(32-d\), which this server cannot run: Could not load the ONNX model from/);
      return true;
    });
  });
  rmSync(first.dataDir, { recursive: true, force: true });
});

test('the offline default embedder serves a store', async () => {
  await withServer({ embedder: 'default', embedThreads: 1 }, async ({ client }) => {
    const store = await createStore(client);
    assert.deepEqual(store.embedder, { provider: 'default', model: 'universal-sentence-encoder', dimension: 512 });
    await fillStore(client, store.id);
    await assertEachQueryFindsItsFile(client, store.id);

    // Unless a search says otherwise, this weak embedder has a tenth of the keyword side's say, on scores
    // normalised by each side's best: the file sharing a word with the query comes first, and the one close
    // in meaning only still follows, with at most 0.1 / 1.1.
    const page = await client.vectorStores.search(store.id, { query: 'feline pets dozing beside the oven' });
    assert.equal(page.data[0]?.filename, 'bread.txt');
    assert.ok(page.data[0]!.score >= 1 / 1.1, `bread.txt scored ${page.data[0]!.score}`);
    const cats = page.data.find((r) => r.filename === 'cats.txt');
    assert.ok(cats, JSON.stringify(page.data.map((r) => [r.filename, r.score])));
    assert.ok(cats.score > 0 && cats.score <= 0.1 / 1.1 + 1e-9, `cats.txt scored ${cats.score}`);

    // With no word in common, meaning alone decides the order; the scores stay this embedder's share.
    const meaning = await client.vectorStores.search(store.id, { query: 'feline pets dozing' });
    assert.equal(meaning.data[0]?.filename, 'cats.txt');
    assert.ok(Math.abs(meaning.data[0]!.score - 0.1 / 1.1) < 1e-9, `cats.txt scored ${meaning.data[0]!.score}`);

    // Weights a search sets apply: with the embedding side ten times the keyword side, meaning wins.
    const weighted = await client.vectorStores.search(store.id, {
      query: 'feline pets dozing beside the oven',
      ranking_options: { hybrid_search: { embedding_weight: 1, text_weight: 0.1 } },
    } as never);
    assert.equal(weighted.data[0]?.filename, 'cats.txt', JSON.stringify(weighted.data.map((r) => [r.filename, r.score])));
  });
});

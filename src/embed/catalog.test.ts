import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TroveError } from '../errors.js';
import { createEmbedderCatalog } from './catalog.js';
import type { EmbedderSettings } from './registry.js';

const SETTINGS: EmbedderSettings = {
  threads: 1,
  onnx: { modelsDir: '/nonexistent/models', hubEndpoint: 'http://127.0.0.1:1' },
  openai: { baseURL: 'http://127.0.0.1:1/v1', apiKey: '' },
};

test('a new store gets the server default or the spec it asks for', async () => {
  const catalog = createEmbedderCatalog('test:64', SETTINGS);
  try {
    assert.deepEqual(await catalog.describe(), { provider: 'test', model: 'hash-64', dimension: 64 });
    assert.deepEqual(await catalog.describe('test:32'), { provider: 'test', model: 'hash-32', dimension: 32 });
    await assert.rejects(catalog.describe('word2vec'), (error: TroveError) => {
      assert.equal(error.kind, 'invalid');
      assert.equal(error.param, 'embedder');
      assert.match(error.message, /^Invalid 'embedder': unknown embedder "word2vec"/);
      return true;
    });
  } finally {
    await catalog.close();
  }
});

test('a recorded embedder is served with the same vectors, from one shared instance', async () => {
  const catalog = createEmbedderCatalog('test:64', SETTINGS);
  try {
    const info = await catalog.describe();
    const forStore = catalog.forStore(info);
    assert.equal(catalog.forStore(info), forStore);
    assert.deepEqual({ provider: forStore.provider, model: forStore.model, dimension: forStore.dimension }, info);
    const [document] = await forStore.embedDocuments(['herons wade in the marsh']);
    assert.deepEqual(await forStore.embedQuery('herons wade in the marsh'), document);
  } finally {
    await catalog.close();
  }
});

test('a recorded embedder this server cannot run fails each call with a conflict saying why', async () => {
  const catalog = createEmbedderCatalog('test', SETTINGS);
  try {
    const embedder = catalog.forStore({ provider: 'word2vec', model: 'google-news', dimension: 300 });
    for (let attempt = 0; attempt < 2; attempt++) {
      await assert.rejects(embedder.embedQuery('herons'), (error: TroveError) => {
        assert.equal(error.kind, 'conflict');
        assert.equal(error.code, 'embedder_unavailable');
        assert.match(error.message, /embedded with word2vec google-news \(300-d\), which this server cannot run: unknown embedder "word2vec"/);
        return true;
      });
    }
    const moved = catalog.forStore({ provider: 'test', model: 'hash-48', dimension: 64 });
    await assert.rejects(moved.embedDocuments(['herons']), /test:64 now runs hash-64 \(64-d\)/);
  } finally {
    await catalog.close();
  }
});

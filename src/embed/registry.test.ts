import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEmbedder, describeEmbedder, specOf, type EmbedderSettings } from './registry.js';

const SETTINGS: EmbedderSettings = {
  threads: 1,
  onnx: { modelsDir: '/nonexistent/models', hubEndpoint: 'http://127.0.0.1:1' },
  openai: { baseURL: 'http://127.0.0.1:1/v1', apiKey: '' },
};

test('specs resolve to their embedders', async () => {
  const cases = [
    ['test', { provider: 'test', model: 'hash-256', dimension: 256 }],
    ['test:384', { provider: 'test', model: 'hash-384', dimension: 384 }],
    ['default', { provider: 'default', model: 'universal-sentence-encoder', dimension: 512 }],
  ] as const;
  for (const [spec, expected] of cases) {
    const embedder = await createEmbedder(spec, SETTINGS);
    assert.deepEqual(describeEmbedder(embedder), expected);
    await embedder.close();
  }
});

test('an unknown spec is rejected with the known ones named', async () => {
  await assert.rejects(
    createEmbedder('word2vec', SETTINGS),
    /unknown embedder "word2vec"; known: default, test\[:<dimension>\], onnx:<model folder or hub name>, openai:<model>/,
  );
  await assert.rejects(createEmbedder('toString', SETTINGS), /unknown embedder/);
});

test('a malformed model part is rejected', async () => {
  await assert.rejects(createEmbedder('test:big', SETTINGS), /takes a dimension/);
  await assert.rejects(createEmbedder('test:0', SETTINGS), /positive integer/);
  await assert.rejects(createEmbedder('default:large', SETTINGS), /takes no model/);
  await assert.rejects(createEmbedder('onnx', SETTINGS), /needs a model, e.g. "onnx:Xenova\/bge-small-en-v1.5"/);
  await assert.rejects(createEmbedder('openai:', SETTINGS), /needs a model/);
  await assert.rejects(createEmbedder('onnx:./models/bge', SETTINGS), /absolute folder path/);
});

test('a recorded embedder maps back to the spec that recreates it', () => {
  assert.equal(specOf({ provider: 'default', model: 'universal-sentence-encoder', dimension: 512 }), 'default');
  assert.equal(specOf({ provider: 'test', model: 'hash-64', dimension: 64 }), 'test:64');
  assert.equal(specOf({ provider: 'onnx', model: '/models/bge-small', dimension: 384 }), 'onnx:/models/bge-small');
  assert.equal(specOf({ provider: 'openai', model: 'text-embedding-3-large', dimension: 256 }), 'openai:text-embedding-3-large');
  assert.throws(() => specOf({ provider: 'word2vec', model: 'w', dimension: 300 }), /unknown embedder "word2vec"/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEmbedder, describeEmbedder } from './registry.js';

test('specs resolve to their embedders', async () => {
  const cases = [
    ['test', { provider: 'test', model: 'hash-256', dimension: 256 }],
    ['test:384', { provider: 'test', model: 'hash-384', dimension: 384 }],
    ['default', { provider: 'default', model: 'universal-sentence-encoder', dimension: 512 }],
  ] as const;
  for (const [spec, expected] of cases) {
    const embedder = createEmbedder(spec, { threads: 1 });
    assert.deepEqual(describeEmbedder(embedder), expected);
    await embedder.close();
  }
});

test('an unknown spec is rejected with the known ones named', () => {
  assert.throws(() => createEmbedder('word2vec'), /unknown embedder "word2vec"; known: default, test\[:<dimension>\]/);
  assert.throws(() => createEmbedder('toString'), /unknown embedder/);
});

test('a malformed model part is rejected', () => {
  assert.throws(() => createEmbedder('test:big'), /takes a dimension/);
  assert.throws(() => createEmbedder('test:0'), /positive integer/);
  assert.throws(() => createEmbedder('default:large'), /takes no model/);
});

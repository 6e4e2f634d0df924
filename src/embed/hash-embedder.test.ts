import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHashEmbedder } from './hash-embedder.js';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i], 0);
const length = (v: Float32Array) => Math.sqrt(dot(v, v));

test('the hash embedder names itself and its dimension', () => {
  const embedder = createHashEmbedder(64);
  assert.deepEqual([embedder.provider, embedder.model, embedder.dimension], ['test', 'hash-64', 64]);
  assert.equal(createHashEmbedder().dimension, 256);
});

test('the same text always gives the same unit vector of the embedder dimension', async () => {
  const embedder = createHashEmbedder();
  const [first, second] = await embedder.embedDocuments(['The cat sat on the mat.', 'The cat sat on the mat.']);
  const fresh = await createHashEmbedder().embedQuery('The cat sat on the mat.');
  assert.equal(first.length, 256);
  assert.deepEqual(first, second);
  assert.deepEqual(first, fresh);
  assert.ok(Math.abs(length(first) - 1) < 1e-6);
});

test('texts that share words score higher than unrelated texts', async () => {
  const embedder = createHashEmbedder();
  const [cat, cats, tax] = await embedder.embedDocuments([
    'the cat sat on the mat',
    'a cat sitting on mats',
    'quarterly tax filings',
  ]);
  assert.ok(dot(cat, cats) > dot(cat, tax) + 0.2, `${dot(cat, cats)} vs ${dot(cat, tax)}`);
});

test('related word forms share features', async () => {
  const embedder = createHashEmbedder();
  for (const [a, b] of [['cats', 'cat'], ['files', 'file'], ['boxes', 'box'], ['classes', 'class'], ['quickly', 'quick']]) {
    assert.deepEqual(await embedder.embedQuery(a), await embedder.embedQuery(b), `${a} vs ${b}`);
  }
});

test('an empty or punctuation-only text gives a finite unit vector', async () => {
  const embedder = createHashEmbedder();
  for (const text of ['', ' ?! ']) {
    const vector = await embedder.embedQuery(text);
    assert.ok(vector.every(Number.isFinite));
    assert.equal(length(vector), 1);
  }
});

test('a dimension that is not a positive integer is rejected', () => {
  assert.throws(() => createHashEmbedder(0), /positive integer/);
  assert.throws(() => createHashEmbedder(1.5), /positive integer/);
});

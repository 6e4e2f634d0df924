import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conventionsFor, poolingOf } from './onnx-model-families.js';

test('retrieval prefixes and pooling follow the model family named', () => {
  const bge = conventionsFor('Xenova/bge-small-en-v1.5');
  assert.deepEqual(bge, { pooling: 'cls', queryPrefix: 'Represent this sentence for searching relevant passages: ', documentPrefix: '' });
  assert.deepEqual(conventionsFor('/models/multilingual-e5-small'), { pooling: 'mean', queryPrefix: 'query: ', documentPrefix: 'passage: ' });
  assert.deepEqual(conventionsFor('intfloat/e5-base-v2'), { pooling: 'mean', queryPrefix: 'query: ', documentPrefix: 'passage: ' });
  assert.equal(conventionsFor('nomic-ai/nomic-embed-text-v1.5').documentPrefix, 'search_document: ');
  assert.deepEqual(conventionsFor('intfloat/multilingual-e5-large-instruct'), { queryPrefix: '', documentPrefix: '' });
  assert.deepEqual(conventionsFor('Xenova/all-MiniLM-L6-v2'), { queryPrefix: '', documentPrefix: '' });
});

test('the pooling config of sentence-transformers is read, and modes we lack are refused', () => {
  assert.equal(poolingOf({ pooling_mode_cls_token: true, pooling_mode_mean_tokens: false }), 'cls');
  assert.equal(poolingOf({ pooling_mode_cls_token: false, pooling_mode_mean_tokens: true }), 'mean');
  assert.equal(poolingOf({}), undefined);
  assert.throws(() => poolingOf({ pooling_mode_max_tokens: true }), /max_tokens pooling; Trove supports mean and CLS/);
});

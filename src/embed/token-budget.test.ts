import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countTokens } from '../chunk/tokenizer.js';
import { batchEnd, truncateToTokens } from './token-budget.js';

test('a text within the limit is left alone and its tokens counted', () => {
  assert.deepEqual(truncateToTokens('hello world', 10), { text: 'hello world', tokens: 2 });
});

test('a long text is cut to the limit on a whole character', () => {
  const text = 'naïve café ☕ résumé 日本語のテキスト '.repeat(50);
  for (const limit of [1, 7, 33, 100]) {
    const cut = truncateToTokens(text, limit);
    assert.ok(text.startsWith(cut.text), `limit ${limit}`);
    assert.ok(!cut.text.includes('\uFFFD'));
    assert.ok(countTokens(cut.text) <= limit);
    assert.equal(cut.tokens, limit);
  }
});

test('batches fill up to either limit, and an oversized text goes alone', () => {
  const sizes = [3, 3, 3, 10, 1, 1, 1, 1, 1];
  const limits = { maxTokens: 6, maxTexts: 3 };
  const ends: number[] = [];
  for (let start = 0; start < sizes.length; start = ends.at(-1)!) ends.push(batchEnd((i) => sizes[i], start, sizes.length, limits));
  assert.deepEqual(ends, [2, 3, 4, 7, 9]);
});

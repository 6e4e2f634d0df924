import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHashEmbedder } from './hash-embedder.js';
import { embedInWindows, splitIntoWindows } from './word-windows.js';

const words = (count: number) => Array.from({ length: count }, (_, i) => `w${i}`);

test('a text of at most windowWords words is one window, unchanged', () => {
  assert.deepEqual(splitIntoWindows(' short\ntext ', 96), [' short\ntext ']);
  assert.deepEqual(splitIntoWindows('', 96), ['']);
});

test('windowWords 0 turns windowing off', () => {
  const text = words(500).join(' ');
  assert.deepEqual(splitIntoWindows(text, 0), [text]);
});

test('long texts become overlapping full windows that cover every word', () => {
  const windows = splitIntoWindows(words(200).join(' '), 96).map((window) => window.split(' '));
  // Steps of 80 words (96 minus a sixth); the last window is aligned to the end.
  assert.deepEqual(
    windows.map((window) => [window[0], window.length, window.at(-1)]),
    [['w0', 96, 'w95'], ['w80', 96, 'w175'], ['w104', 96, 'w199']],
  );
});

test('embedInWindows averages window vectors per text, re-normalised, in input order', async () => {
  const hash = createHashEmbedder(32);
  const long = words(200).join(' ');
  const batches: string[][] = [];
  const vectors = await embedInWindows(['alpha', long, 'beta'], 96, (texts) => {
    batches.push(texts);
    return hash.embedDocuments(texts);
  });

  assert.equal(batches.length, 1, 'all windows of all texts go out in one call');
  assert.equal(batches[0].length, 5);
  assert.deepEqual(vectors[0], await hash.embedQuery('alpha'));
  assert.deepEqual(vectors[2], await hash.embedQuery('beta'));

  const windowVectors = await hash.embedDocuments(splitIntoWindows(long, 96));
  const sum = windowVectors.reduce((acc, v) => acc.map((x, i) => x + v[i]), new Float32Array(32));
  const norm = Math.hypot(...sum);
  vectors[1].forEach((x, i) => assert.ok(Math.abs(x - sum[i] / norm) < 1e-6));
});

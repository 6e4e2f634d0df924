import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { readUseVocabulary } from './use-onnx-model.js';
import { UseTokenizer } from './use-tokenizer.js';

const vocabulary = readUseVocabulary();
const tokenizer = new UseTokenizer(vocabulary);
// The library's own tokenizer, which defined the ids that stored vectors were made from.
const { EmbeddingsModel } = createRequire(import.meta.url)('@energetic-ai/embeddings') as typeof import('@energetic-ai/embeddings');
const original = new EmbeddingsModel({ vocabulary, model: undefined as never }) as unknown as { tokenizer: { encode(text: string): number[] } };

test('ids match the library on prose, capitals, non-Latin scripts, unknown characters and blanks', () => {
  const texts = [
    'The quick brown fox jumps over the lazy dog.',
    'MEASUREMENT OF DIELECTRIC CONSTANT',
    '日本語のテキストです。',
    'Привет, как дела?',
    'مرحبا بالعالم',
    'Emoji 🎉🎉 and ⟁⟁⟁ glyphs, ligature ﬁ, fraction ½, full-width ＡＢＣ',
    'tabs\tand\nnewlines  and  double spaces',
    '',
    ' ',
    'a',
  ];
  for (const text of texts) assert.deepEqual(tokenizer.encode(text), original.tokenizer.encode(text), JSON.stringify(text));
});

test('ids match the library on random strings of mixed scripts, spaces and astral characters', () => {
  const alphabet = ['a', 'Z', ' ', '\n', 'é', 'ß', 'ﬁ', '日', 'я', '🎉', '\u0301', '①', 'ﾊ', '\uFFFD', '.', '0', 'ا', '™', '\u00A0', 'th', 'ing'];
  let state = 7;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 500; i++) {
    const text = Array.from({ length: Math.floor(next() * 30) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    assert.deepEqual(tokenizer.encode(text), original.tokenizer.encode(text), JSON.stringify(text));
  }
});

test('a run of unknown characters becomes one id 0', () => {
  const ids = tokenizer.encode('⟁⟁⟁');
  assert.equal(ids.filter((id) => id === 0).length, 1);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { get_encoding } from 'tiktoken';
import { countTokens, encodeTokens, tokenByteOffsets } from './tokenizer.js';

test('token byte offsets add up to the UTF-8 length and match each token', () => {
  const text = 'Plain words, 日本語, and emoji 🎉👩‍👩‍👧‍👦 together.';
  const tokens = encodeTokens(text);
  const offsets = tokenByteOffsets(tokens);
  const bytes = Buffer.from(text, 'utf8');
  assert.equal(offsets.length, tokens.length + 1);
  assert.equal(offsets[tokens.length], bytes.length);
  // At least one token boundary falls inside a character: the reason chunking works in bytes.
  const insideCharacter = [...offsets].some((offset) => (bytes[offset] & 0xc0) === 0x80);
  assert.ok(insideCharacter);
});

test('counting tokens matches cl100k_base', () => {
  assert.equal(countTokens(''), 0);
  assert.equal(countTokens('hello world'), 2);
  assert.equal(countTokens('<|endoftext|>'), encodeTokens('<|endoftext|>').length);
  assert.ok(countTokens('<|endoftext|>') > 1, 'special-token markup must count as ordinary text');
});

test('encoding gives exactly the token ids of tiktoken cl100k_base, special-token markup included', () => {
  const reference = get_encoding('cl100k_base');
  try {
    for (const text of [
      'The survey team recorded water levels near the estuary station.',
      '  indented\n\n\tcode(x) => x ** 2; // naïve café 漢字 🚀 👩‍👩‍👧‍👦',
      'Ends with <|endoftext|> and <|fim_prefix|> markup, numbers 1234567 and URLs https://example.org/a?b=c.',
    ]) {
      assert.deepEqual([...encodeTokens(text)], [...reference.encode_ordinary(text)], text);
    }
  } finally {
    reference.free();
  }
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chunkText, countTokens, type Chunk } from './token-chunker.js';

const WORDS = (
  'the a search vector store file chunk token model query result index paragraph sentence word ' +
  'retrieval embedding document upload server worker storage fast small large quiet bright ' +
  'reads writes finds returns keeps sends builds checks measures counts splits joins'
).split(' ');

// Deterministic pseudo-random prose: sentences of 4..12 words, paragraphs of 3..6 sentences.
function makeProse(sentenceCount: number, seed = 1): string {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % n;
  };
  const paragraphs: string[] = [];
  let sentences: string[] = [];
  for (let i = 0; i < sentenceCount; i++) {
    const words = Array.from({ length: 4 + next(9) }, () => WORDS[next(WORDS.length)]);
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    sentences.push(words.join(' ') + '!?.'[next(3)]);
    if (sentences.length === 3 + next(4)) {
      paragraphs.push(sentences.join(' '));
      sentences = [];
    }
  }
  paragraphs.push(sentences.join(' '));
  return paragraphs.join('\n\n');
}

/** Finds each chunk in the source, in order, and checks the chunks cover every non-whitespace character. */
function assertSubstringsCovering(source: string, chunks: Chunk[]): number[] {
  const starts: number[] = [];
  const covered = new Uint8Array(source.length);
  let from = 0;
  for (const chunk of chunks) {
    const at = source.indexOf(chunk.text, from);
    assert.ok(at >= 0, `chunk is not a substring of the source at or after ${from}: ${JSON.stringify(chunk.text.slice(0, 60))}`);
    covered.fill(1, at, at + chunk.text.length);
    starts.push(at);
    from = at + 1;
  }
  for (let i = 0; i < source.length; i++) {
    if (!covered[i] && source[i].trim() !== '') assert.fail(`character ${i} (${JSON.stringify(source[i])}) is in no chunk`);
  }
  return starts;
}

function assertWithinLimit(chunks: Chunk[], maxTokens: number): void {
  for (const chunk of chunks) {
    assert.equal(chunk.tokenCount, countTokens(chunk.text));
    assert.ok(chunk.tokenCount <= maxTokens, `chunk has ${chunk.tokenCount} tokens, over ${maxTokens}`);
  }
}

describe('chunkText', () => {
  test('a text shorter than the window is one chunk: the trimmed text', () => {
    const chunks = chunkText('  \n Hello, world. This is short.\n\n', { maxTokens: 800, overlapTokens: 400 });
    assert.deepEqual(chunks, [{ text: 'Hello, world. This is short.', tokenCount: countTokens('Hello, world. This is short.') }]);
  });

  test('empty and whitespace-only texts give no chunk', () => {
    assert.deepEqual(chunkText('', { maxTokens: 800, overlapTokens: 400 }), []);
    assert.deepEqual(chunkText(' \n\t \r\n ', { maxTokens: 800, overlapTokens: 400 }), []);
  });

  test('a 2,000-token document at 100/50 gives overlapping chunks within the limit that cover it', () => {
    const source = makeProse(220);
    assert.ok(countTokens(source) > 1_900, `test text has only ${countTokens(source)} tokens`);
    const chunks = chunkText(source, { maxTokens: 100, overlapTokens: 50 });
    assert.ok(chunks.length >= 25, `only ${chunks.length} chunks`);
    assertWithinLimit(chunks, 100);
    const starts = assertSubstringsCovering(source, chunks);
    for (let i = 1; i < chunks.length; i++) {
      const previousEnd = starts[i - 1] + chunks[i - 1].text.length;
      assert.ok(starts[i] < previousEnd, `chunk ${i} does not overlap chunk ${i - 1}`);
      assert.ok(countTokens(source.slice(starts[i], previousEnd)) >= 30, `chunk ${i} overlaps too little`);
    }
  });

  test('the 800/400 default chunks a long document within the limit', () => {
    const source = makeProse(2_000, 7);
    const chunks = chunkText(source, { maxTokens: 800, overlapTokens: 400 });
    assert.ok(chunks.length > 30);
    assertWithinLimit(chunks, 800);
    assertSubstringsCovering(source, chunks);
    assert.ok(chunks.slice(0, -1).every((chunk) => chunk.tokenCount >= 600), 'a chunk ended far before its window');
  });

  test('chunks end at a sentence end when one is near, and start at a word', () => {
    const source = makeProse(300, 3).replaceAll('\n\n', ' ');
    const chunks = chunkText(source, { maxTokens: 100, overlapTokens: 50 });
    const starts = assertSubstringsCovering(source, chunks);
    for (const [i, chunk] of chunks.slice(0, -1).entries()) {
      assert.match(chunk.text, /[.!?]$/, `chunk ${i} ends mid-sentence`);
      assert.ok(starts[i] === 0 || source[starts[i] - 1] === ' ', `chunk ${i} starts mid-word`);
    }
  });

  test('a paragraph break near the window end wins over a later sentence end', () => {
    const paragraph = 'Alpha' + ' beta'.repeat(82) + '.';
    const source = paragraph + '\n\n' + 'Gamma delta. '.repeat(40).trim();
    assert.ok(countTokens(paragraph) > 80 && countTokens(paragraph) < 100);
    const chunks = chunkText(source, { maxTokens: 100, overlapTokens: 0 });
    assert.equal(chunks[0].text, paragraph);
  });

  test('emoji and CJK text never splits a character', () => {
    const pieces = ['日本語の文章を検索する。', '👩‍👩‍👧‍👦 家族', '🎉🚀✨', '한국어 텍스트', 'naïve café', '中文分块测试', '🧪𝔘𝔫𝔦𝔠𝔬𝔡𝔢'];
    const source = Array.from({ length: 400 }, (_, i) => pieces[(i * 5) % pieces.length] + (i % 3 === 0 ? ' ' : '')).join('');
    const chunks = chunkText(source, { maxTokens: 100, overlapTokens: 50 });
    assert.ok(chunks.length > 10);
    for (const chunk of chunks) assert.ok(!chunk.text.includes('\uFFFD'), 'a chunk holds U+FFFD');
    assertWithinLimit(chunks, 100);
    assertSubstringsCovering(source, chunks);
  });

  test('a text without any whitespace is still cut within the limit', () => {
    const source = Array.from({ length: 3_000 }, (_, i) => (i * 7919).toString(36)).join('-');
    const chunks = chunkText(source, { maxTokens: 100, overlapTokens: 20 });
    assertWithinLimit(chunks, 100);
    assertSubstringsCovering(source, chunks);
  });

  test('special-token markup is chunked as plain text', () => {
    const source = 'before <|endoftext|> after';
    assert.deepEqual(chunkText(source, { maxTokens: 100, overlapTokens: 0 }), [{ text: source, tokenCount: countTokens(source) }]);
  });
});

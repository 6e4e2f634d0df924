import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractCitations } from './citations.js';
import { queriesOf, SourceList } from './file-search.js';

function sourcesOf(...files: string[]): SourceList {
  const sources = new SourceList();
  for (const name of files) sources.numberOf({ fileId: `file-${name}`, filename: `${name}.md`, score: 1, attributes: null, text: '' });
  return sources;
}

test('bracketed numbers become citations of their files at the marker', () => {
  const text = 'Cats purr [1]. Dogs bark [2, 1].';
  const citations = extractCitations(text, sourcesOf('cats', 'dogs'));
  assert.deepEqual(citations, [
    { fileId: 'file-cats', filename: 'cats.md', index: text.indexOf('[1]') },
    { fileId: 'file-dogs', filename: 'dogs.md', index: text.indexOf('[2, 1]') },
    { fileId: 'file-cats', filename: 'cats.md', index: text.indexOf('[2, 1]') },
  ]);
});

test('numbers that name no source are not citations, and full-width brackets count', () => {
  const text = 'See 【2】 and [7] and [array index].';
  assert.deepEqual(extractCitations(text, sourcesOf('a', 'b')), [{ fileId: 'file-b', filename: 'b.md', index: 4 }]);
});

test('an answer without markers cites every file it was given, at its end', () => {
  const text = 'Cats purr.';
  assert.deepEqual(extractCitations(text, sourcesOf('a', 'b')).map((c) => [c.fileId, c.index]), [['file-a', 10], ['file-b', 10]]);
  assert.deepEqual(extractCitations(text, sourcesOf()), []);
});

test('a file keeps one number however many of its passages are shown', () => {
  const sources = sourcesOf('a');
  const text = sources.describe([
    { fileId: 'file-b', filename: 'b.md', score: 0.9, attributes: null, text: 'one' },
    { fileId: 'file-a', filename: 'a.md', score: 0.8, attributes: null, text: 'two' },
    { fileId: 'file-b', filename: 'b.md', score: 0.7, attributes: null, text: 'three' },
  ]);
  assert.equal(text, '[2] b.md\none\n\n[1] a.md\ntwo\n\n[2] b.md\nthree');
});

test('tool arguments in any of the shapes small models send give queries', () => {
  assert.deepEqual(queriesOf('{"queries":["a","b"]}', 'x'), ['a', 'b']);
  assert.deepEqual(queriesOf('{"query":"purring cats"}', 'x'), ['purring cats']);
  assert.deepEqual(queriesOf('"bare"', 'x'), ['bare']);
  assert.deepEqual(queriesOf('not json', 'x'), ['not json']);
  assert.deepEqual(queriesOf('{}', 'the question'), ['the question']);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { charStartAtOrAfter, charStartAtOrBefore, naturalEnd, wordStart } from './boundaries.js';

const utf8 = (text: string) => Buffer.from(text, 'utf8');

test('snapping moves a position off UTF-8 continuation bytes', () => {
  const bytes = utf8('a🎉b'); // 🎉 is bytes 1..4
  assert.equal(charStartAtOrBefore(bytes, 3), 1);
  assert.equal(charStartAtOrAfter(bytes, 3), 5);
  assert.equal(charStartAtOrAfter(bytes, 1), 1);
  assert.equal(charStartAtOrAfter(bytes, 6), 6);
});

test('a natural end prefers paragraph, then line, then sentence, then space', () => {
  const text = 'one two\n\nthree four.\nfive six. seven eight';
  const bytes = utf8(text);
  assert.equal(naturalEnd(bytes, 1, bytes.length - 1), text.indexOf('\n\n') + 1);
  assert.equal(naturalEnd(bytes, 10, bytes.length - 1), text.indexOf('.\n') + 1);
  assert.equal(naturalEnd(bytes, 21, bytes.length - 1), text.indexOf('. seven') + 1);
  assert.equal(naturalEnd(bytes, 31, bytes.length - 1), text.indexOf(' eight'));
  assert.equal(naturalEnd(utf8('abcdef'), 1, 5), undefined);
});

test('a line holding only spaces still breaks a paragraph', () => {
  const text = 'one.\n  \nand two. three';
  assert.equal(naturalEnd(utf8(text), 1, text.length - 1), text.indexOf('\nand'));
});

test('a word start is next to whitespace', () => {
  const bytes = utf8('alpha beta');
  assert.equal(wordStart(bytes, 2, 9), 5);
  assert.equal(wordStart(bytes, 1, 3), undefined);
  assert.equal(wordStart(bytes, 0, 3), 0);
});

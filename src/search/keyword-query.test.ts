import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { buildKeywordQuery, keywordTerms } from './keyword-query.js';

const HOSTILE = [
  `what's "C++"? (v2.0) - AND OR NOT *`,
  '-heron +kettle || && ! ( ) { } [ ] ^ ~ * ? : \\ /',
  'café naïve 漢字 🚀 ∑∞',
  '%_%; DROP TABLE files; --',
  'NEAR(heron kettle, 2) text:heron ^heron heron*',
  '"unbalanced',
  'AND',
  'OR NOT',
  'İstanbul हिन्दी',
  'x'.repeat(10_000),
];

describe('keywordTerms', () => {
  test('lower-cases, drops stopwords and duplicates, keeps first-seen order', () => {
    assert.deepEqual(keywordTerms('What is the Heron, and where is the heron KETTLE?'), ['heron', 'kettle']);
  });

  test('keeps the stopwords when nothing else is left', () => {
    assert.deepEqual(keywordTerms('Who is it? Who?'), ['who', 'is', 'it']);
  });

  test('splits on punctuation and symbols', () => {
    assert.deepEqual(keywordTerms(`what's "C++"? (v2.0)`), ['c', 'v2', '0']);
    assert.deepEqual(keywordTerms('café naïve 漢字 🚀 ∑∞'), ['café', 'naïve', '漢字']);
  });

  test('caps the terms at 32', () => {
    const text = Array.from({ length: 50 }, (_, i) => `w${i}`).join(' ');
    assert.equal(keywordTerms(text).length, 32);
    assert.equal(keywordTerms(text)[31], 'w31');
  });
});

describe('buildKeywordQuery', () => {
  test('quotes every term and joins them with OR', () => {
    assert.equal(buildKeywordQuery('Heron kettle'), '"heron" OR "kettle"');
  });

  test('turns operator words into quoted terms, never operators', () => {
    assert.equal(buildKeywordQuery('heron AND kettle NEAR roof'), '"heron" OR "kettle" OR "near" OR "roof"');
    assert.equal(buildKeywordQuery('AND OR NOT'), '"and" OR "or" OR "not"');
  });

  test('returns null when the text has no word', () => {
    for (const text of ['', '   ', '?!*()', '🚀 ∑∞ -- ;']) assert.equal(buildKeywordQuery(text), null, JSON.stringify(text));
  });
});

describe('buildKeywordQuery against SQLite FTS5', () => {
  // The tokenizer of the store's keyword index (storage/sqlite/schema.ts).
  const db = new Database(':memory:');
  db.exec(`CREATE VIRTUAL TABLE t USING fts5(text, tokenize='porter unicode61 remove_diacritics 2')`);
  const insert = db.prepare('INSERT INTO t (rowid, text) VALUES (?, ?)');
  insert.run(1, 'A grey heron built a nest on the Oslo data centre roof.');
  insert.run(2, 'The kettle in the break room boils water in ninety seconds.');
  insert.run(3, 'Le café naïf sert du thé; C++ and Rust compile to native code.');
  insert.run(4, 'İstanbul and हिन्दी appear here.');
  const search = db.prepare<[string], { rowid: number; score: number }>('SELECT rowid, bm25(t) AS score FROM t WHERE t MATCH ? ORDER BY score');
  after(() => db.close());

  test('hostile input never makes a syntax error', () => {
    for (const text of HOSTILE) {
      const query = buildKeywordQuery(text);
      if (query !== null) assert.doesNotThrow(() => search.all(query), text.slice(0, 60));
    }
  });

  test('a normal query finds the right row, through stemming', () => {
    const rows = search.all(buildKeywordQuery('Which bird was building nests on the roof?')!);
    assert.deepEqual(rows.map((row) => row.rowid), [1]);
  });

  test('accents and combining marks match the way the index stores them', () => {
    assert.deepEqual(search.all(buildKeywordQuery('cafe NAIF')!).map((row) => row.rowid), [3]);
    assert.deepEqual(search.all(buildKeywordQuery('istanbul')!).map((row) => row.rowid), [4]);
    assert.deepEqual(search.all(buildKeywordQuery('İSTANBUL')!).map((row) => row.rowid), [4]);
    assert.deepEqual(search.all(buildKeywordQuery('हिन्दी')!).map((row) => row.rowid), [4]);
  });

  test('the best match ranks first', () => {
    const rows = search.all(buildKeywordQuery('kettle heron nest')!);
    assert.deepEqual(rows.map((row) => row.rowid), [1, 2]);
  });
});

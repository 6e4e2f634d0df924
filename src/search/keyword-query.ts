// Turns a user's query into keyword terms, and those into an FTS5 MATCH expression that cannot be a
// syntax error: raw MATCH syntax fails on ordinary punctuation such as `C++`, `what's` or `(v2.0)`.

import { KEYWORD_QUERY_CHARACTERS, MAX_TERM_CHARACTERS } from './query-bounds.js';

const MAX_TERMS = 32;

// Letters, digits and combining marks. Marks stay inside their word ("हिन्दी", "i̇stanbul" from a
// lower-cased "İstanbul"), so the FTS5 tokenizer, which reads each quoted term again, sees the word
// as it appears in the documents.
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

// Words too common to say anything about a document. `s` and `t` are what remains of "what's" and "don't".
const STOPWORDS = new Set([
  'a', 'about', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'can', 'did', 'do', 'does', 'for', 'from',
  'how', 'i', 'in', 'into', 'is', 'it', 'its', 'me', 'my', 'not', 'of', 'on', 'or', 's', 'so', 't', 'that',
  'the', 'their', 'then', 'there', 'these', 'they', 'this', 'to', 'was', 'we', 'were', 'what', 'when',
  'where', 'which', 'who', 'why', 'will', 'with', 'you', 'your',
]);

// The query's distinct lower-cased words in order of first appearance, stopwords dropped unless
// nothing else is left, at most 32, each at most 64 characters, read from the first 10,000 characters.
// Backends without FTS5 syntax (PostgreSQL) take these as they are.
export function keywordTerms(text: string): string[] {
  const found = text.slice(0, KEYWORD_QUERY_CHARACTERS).toLowerCase().match(WORD) ?? [];
  // Cut by code points, so a cut never splits a surrogate pair.
  const words = new Set(found.map((word) => (word.length > MAX_TERM_CHARACTERS ? [...word].slice(0, MAX_TERM_CHARACTERS).join('') : word)));
  const content = [...words].filter((word) => !STOPWORDS.has(word));
  return (content.length > 0 ? content : [...words]).slice(0, MAX_TERMS);
}

// An FTS5 MATCH expression for any of the query's terms, each a quoted string; null when the text has no word.
export function buildKeywordQuery(text: string): string | null {
  const terms = keywordTerms(text);
  if (terms.length === 0) return null;
  // Inside an FTS5 string every character is literal except `"`, which is written twice.
  return terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(' OR ');
}

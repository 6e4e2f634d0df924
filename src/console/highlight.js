// Marks a query's words in a chunk of text, building text nodes and <mark> elements only, so a document's
// own markup is always shown as the characters it is.
import { h } from './elements.js';

const WORD = /[\p{L}\p{N}]+/gu;
const STOP = new Set(['a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'for', 'from', 'how', 'i', 'in', 'is', 'it', 'of', 'on', 'or', 'the', 'to', 'was', 'what', 'when', 'where', 'which', 'who', 'why', 'with']);

/**
 * The query's words, lower-cased, without stop words. Keyword search stems words (Porter), so a word also
 * matches its longer forms: "dragon" marks "dragonfly", and "guides" is cut to "guide" to mark "guide".
 */
export function queryTerms(query) {
  const words = (Array.isArray(query) ? query.join(' ') : query).toLowerCase().match(WORD) ?? [];
  const terms = words.filter((w) => !STOP.has(w)).map(stem);
  return [...new Set(terms)].sort((a, b) => b.length - a.length);
}

/** `text` as nodes, with every word that starts with one of `terms` inside a <mark>. */
export function highlighted(text, terms) {
  if (terms.length === 0) return [text];
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(WORD)) {
    const word = match[0].toLowerCase();
    if (!terms.some((term) => word.startsWith(term))) continue;
    if (match.index > last) nodes.push(text.slice(last, match.index));
    nodes.push(h('mark', {}, match[0]));
    last = match.index + match[0].length;
  }
  if (last < text.length) nodes.push(text.slice(last));
  return nodes;
}

/** A rough cut of English endings, enough to mark "recorded" for "recording" and "note" for "notes". */
function stem(word) {
  const ending = word.length > 5 ? /(ing|ed)$/u.exec(word) : null;
  if (ending) return word.slice(0, -ending[0].length);
  return word.length > 3 && /[^s]s$/u.test(word) ? word.slice(0, -1) : word;
}

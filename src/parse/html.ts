import { compile, type SelectorDefinition } from 'html-to-text';
import type { Parser } from './parser.js';
import { decodeText } from './text.js';

// Page chrome and non-text elements: their words would only add noise to search.
const SKIPPED = ['script', 'style', 'noscript', 'svg', 'nav', 'header', 'footer', 'img'];

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

const selectors: SelectorDefinition[] = [
  ...SKIPPED.map((selector) => ({ selector, format: 'skip' })),
  // html-to-text upper-cases headings and header cells by default; we index the words as written.
  ...HEADINGS.map((selector) => ({ selector, options: { uppercase: false } })),
  { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
  { selector: 'a', options: { ignoreHref: true } },
];

// Compiled once: compiling parses the selectors into a decision tree.
/** Readable text of an HTML page: headings, list items and table rows on lines of their own. */
export const htmlToText = compile({ wordwrap: false, selectors });

export const htmlParser: Parser = {
  format: 'html',
  extensions: ['.html'],
  async parse(bytes) {
    const decoded = decodeText(bytes);
    return decoded.ok ? { ok: true, text: htmlToText(decoded.text), format: 'html' } : decoded;
  },
};

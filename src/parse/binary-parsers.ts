import { docParser } from './doc.js';
import { docxParser } from './docx.js';
import type { Parser } from './parser.js';
import { pdfParser } from './pdf.js';
import { pptxParser } from './pptx.js';

/**
 * Formats read by large libraries that a hostile file can hang or exhaust. The registry runs them in
 * parse worker threads (parse-worker.ts), under a time and memory budget.
 */
export const BINARY_PARSERS: Parser[] = [pdfParser, docxParser, docParser, pptxParser];

import { parseFailure, type ParseOutcome, type Parser } from './parser.js';
import { OLE_SIGNATURE } from './sniff.js';

/** Word 97–2003 through word-extractor: the body, then footnotes and endnotes; running headers are left out. */
export const docParser: Parser = {
  format: 'doc',
  extensions: ['.doc'],
  content: { signature: OLE_SIGNATURE, name: 'a Word 97–2003 document' },
  async parse(bytes): Promise<ParseOutcome> {
    // Loaded on first use, which is inside a parse worker thread.
    const { default: WordExtractor } = await import('word-extractor');
    let parts: string[];
    try {
      const document = await new WordExtractor().extract(bytes);
      parts = [document.getBody(), document.getFootnotes(), document.getEndnotes()];
    } catch (error) {
      // word-extractor throws on a compound file it cannot follow (or one holding no Word stream).
      return parseFailure('invalid_file', `The DOC could not be read: ${(error as Error).message}`);
    }
    // Table cells end in tabs; trailing ones only pad the line.
    const text = parts.map((part) => part.replace(/[ \t]+$/gm, '').trim()).filter(Boolean).join('\n\n');
    return { ok: true, text, format: 'doc' };
  },
};

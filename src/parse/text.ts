import { parseFailure, type ParseFailure, type Parser } from './parser.js';
import { startsWith } from './sniff.js';

export type DecodedText = { ok: true; text: string };

const UTF8_BOM = Uint8Array.from([0xef, 0xbb, 0xbf]);
const UTF16LE_BOM = Uint8Array.from([0xff, 0xfe]);
const UTF16BE_BOM = Uint8Array.from([0xfe, 0xff]);

const BINARY = parseFailure('unsupported_file', 'The file is not valid UTF-8 or UTF-16 text (it looks binary).');

/**
 * Decodes UTF-8, or UTF-16 when a byte-order mark says so, dropping the mark. Line endings become LF
 * (a lone CR too, as old Mac files use it) so that chunking sees one kind of line break.
 */
export function decodeText(bytes: Buffer): DecodedText | ParseFailure {
  let encoding = 'utf-8';
  let bomLength = 0;
  if (startsWith(bytes, UTF8_BOM)) bomLength = UTF8_BOM.length;
  else if (startsWith(bytes, UTF16LE_BOM)) [encoding, bomLength] = ['utf-16le', UTF16LE_BOM.length];
  else if (startsWith(bytes, UTF16BE_BOM)) [encoding, bomLength] = ['utf-16be', UTF16BE_BOM.length];

  let text: string;
  try {
    // ignoreBOM keeps a second mark, if any, as text: we have removed the one that counts.
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(bomLength));
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') return BINARY;
    throw error;
  }
  // A NUL character does not occur in text files but does in nearly every binary one.
  if (text.includes('\0')) return BINARY;
  return { ok: true, text: text.replace(/\r\n?/g, '\n') };
}

/** A format whose text is the decoded file itself: plain text, Markdown, source code, JSON, TeX. */
export function createTextParser(format: string, extensions: string[]): Parser {
  return {
    format,
    extensions,
    async parse(bytes) {
      const decoded = decodeText(bytes);
      return decoded.ok ? { ok: true, text: decoded.text, format } : decoded;
    },
  };
}

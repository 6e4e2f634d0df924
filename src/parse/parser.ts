export type ParseFailure = { ok: false; code: 'unsupported_file' | 'invalid_file'; message: string };
export type ParsedDocument = { ok: true; text: string; format: string };
export type ParseOutcome = ParsedDocument | ParseFailure;

/**
 * Turns the bytes of one uploaded file into text. A file that cannot be read is an expected outcome,
 * returned as a ParseFailure with a message a person can act on; only a bug throws.
 *
 * Structure (pages, slides, headings) is kept in the text itself: sections are separated by a blank
 * line, which the chunker prefers as a place to cut.
 */
export interface Parser {
  /** A short name for the format, such as `markdown` or `html`. */
  format: string;
  /** Lower-case file extensions with their dot, such as `.md`. */
  extensions: string[];
  /**
   * For binary formats, which are recognised by extension and then confirmed by content: the bytes the
   * content must start with (a PDF starts with `%PDF-`), and the format's name in messages ("a PDF").
   * Text formats have none.
   */
  content?: { signature: Uint8Array; name: string };
  parse(bytes: Buffer, filename: string): Promise<ParseOutcome>;
}

export function parseFailure(code: ParseFailure['code'], message: string): ParseFailure {
  return { ok: false, code, message };
}

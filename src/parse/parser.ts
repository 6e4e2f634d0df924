export type ParseFailure = { ok: false; code: 'unsupported_file' | 'invalid_file'; message: string };
export type ParsedDocument = { ok: true; text: string; format: string };
export type ParseOutcome = ParsedDocument | ParseFailure;

/**
 * Turns the bytes of one uploaded file into text. A file that cannot be read is an expected outcome,
 * returned as a ParseFailure with a message a person can act on; only a bug throws.
 */
export interface Parser {
  /** A short name for the format, such as `markdown` or `html`. */
  format: string;
  /** Lower-case file extensions with their dot, such as `.md`. */
  extensions: string[];
  /**
   * Bytes the content must start with, for binary formats that are recognised by extension and then
   * confirmed by content (a PDF starts with `%PDF-`). Text formats have none.
   */
  signature?: Uint8Array;
  parse(bytes: Buffer, filename: string): Promise<ParseOutcome>;
}

export function parseFailure(code: ParseFailure['code'], message: string): ParseFailure {
  return { ok: false, code, message };
}

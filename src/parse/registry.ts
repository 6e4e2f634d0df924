import { extname } from 'node:path';
import { htmlParser } from './html.js';
import { parseFailure, type ParseOutcome, type Parser } from './parser.js';
import { createTextParser } from './text.js';

// One row per format. Binary formats (PDF, DOCX, DOC, PPTX) join this table with a `signature`,
// which the registry checks before their parser runs.
const PARSERS: Parser[] = [
  createTextParser('text', ['.txt']),
  createTextParser('markdown', ['.md']),
  createTextParser('json', ['.json']),
  createTextParser('tex', ['.tex']),
  createTextParser('code', ['.css', '.js', '.ts', '.py', '.rb', '.go', '.java', '.c', '.cpp', '.cs', '.php', '.sh']),
  htmlParser,
];

export type DocumentInput = { filename: string; bytes: Buffer };

export type ParserRegistry = {
  /** Sorted, lower-case, with their dot. */
  extensions: readonly string[];
  parse(input: DocumentInput): Promise<ParseOutcome>;
};

export function createParserRegistry(parsers: Parser[]): ParserRegistry {
  const byExtension = new Map<string, Parser>();
  for (const parser of parsers) {
    for (const extension of parser.extensions) {
      if (byExtension.has(extension)) throw new Error(`two parsers claim the extension ${extension}`);
      byExtension.set(extension, parser);
    }
  }
  const extensions = [...byExtension.keys()].sort();

  async function parse({ filename, bytes }: DocumentInput): Promise<ParseOutcome> {
    const extension = extname(filename).toLowerCase();
    const parser = byExtension.get(extension);
    if (parser === undefined) {
      const kind = extension === '' ? 'Files without an extension are' : `Files of type ${extension} are`;
      return parseFailure('unsupported_file', `${kind} not supported for file search. Supported types: ${extensions.join(', ')}.`);
    }
    if (bytes.length === 0) return parseFailure('invalid_file', 'The file is empty.');
    const { signature } = parser;
    if (signature !== undefined && !bytes.subarray(0, signature.length).equals(signature)) {
      return parseFailure('invalid_file', `The file is named ${extension} but its content is not a ${parser.format} file.`);
    }
    const outcome = await parser.parse(bytes, filename);
    if (outcome.ok && outcome.text.trim() === '') return parseFailure('invalid_file', 'The file contains no text.');
    return outcome;
  }

  return { extensions, parse };
}

const registry = createParserRegistry(PARSERS);

export const SUPPORTED_EXTENSIONS = registry.extensions;

export async function parseDocument(input: DocumentInput): Promise<ParseOutcome> {
  return registry.parse(input);
}

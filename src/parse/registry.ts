import { extname } from 'node:path';
import { BINARY_PARSERS } from './binary-parsers.js';
import { htmlParser } from './html.js';
import { createParseWorkerPool } from './parse-worker-pool.js';
import { parseFailure, type ParseOutcome, type Parser } from './parser.js';
import { startsWith, wrongContent } from './sniff.js';
import { createTextParser } from './text.js';

// Worker threads start on the first binary file.
const workers = createParseWorkerPool();

// One row per format. Text formats are fast and parse on this thread.
const PARSERS: Parser[] = [
  createTextParser('text', ['.txt']),
  createTextParser('markdown', ['.md']),
  createTextParser('json', ['.json']),
  createTextParser('tex', ['.tex']),
  createTextParser('code', ['.css', '.js', '.ts', '.py', '.rb', '.go', '.java', '.c', '.cpp', '.cs', '.php', '.sh']),
  htmlParser,
  // Binary formats: the registry checks their content signature here, then a worker thread parses them.
  ...BINARY_PARSERS.map(
    (parser): Parser => ({ ...parser, parse: (bytes, filename) => workers.parse({ format: parser.format, filename, bytes }) }),
  ),
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
    const { content } = parser;
    if (content !== undefined && !startsWith(bytes, content.signature)) return wrongContent(extension, content.name, bytes);
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

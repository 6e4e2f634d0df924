import { inflateRawSync } from 'node:zlib';
import { parseFailure, type ParseFailure } from './parser.js';

export const ZIP_SIGNATURE = Uint8Array.from([0x50, 0x4b, 0x03, 0x04]);

type ZipEntry = { name: string; method: number; compressedSize: number; size: number; headerOffset: number };

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

const MB = 1024 * 1024;
// Office parsers inflate only the XML parts of a package (images and media are never read), so the
// budget is on those: their declared sizes summed, and the expansion of any large one.
const MAX_XML_BYTES = 200 * MB;
const LARGE_PART_BYTES = 10 * MB;
const MAX_RATIO = 100;

/** The entries of a ZIP as its central directory lists them; nothing is inflated. Undefined when the directory cannot be read. */
export function readZipDirectory(bytes: Buffer): ZipEntry[] | undefined {
  const end = findEndOfDirectory(bytes);
  if (end === undefined) return undefined;
  const count = bytes.readUInt16LE(end + 10);
  let offset = bytes.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== DIRECTORY_ENTRY) return undefined;
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    entries.push({
      name: bytes.toString('utf8', offset + 46, offset + 46 + nameLength),
      method: bytes.readUInt16LE(offset + 10),
      compressedSize: bytes.readUInt32LE(offset + 20),
      size: bytes.readUInt32LE(offset + 24),
      headerOffset: bytes.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

// The end record is the last 22 bytes, unless a comment of up to 64 KB follows it. Searching backwards
// finds the same record that JSZip finds.
function findEndOfDirectory(bytes: Buffer): number | undefined {
  for (let offset = bytes.length - 22; offset >= Math.max(0, bytes.length - 22 - 0xffff); offset--) {
    if (bytes.readUInt32LE(offset) === END_OF_DIRECTORY) return offset;
  }
  return undefined;
}

export type ZipContents = { ok: true; names: Set<string> };

/**
 * Checks an Office package before any library inflates it: the directory must be readable, the XML
 * parts must fit the budget by their declared sizes, and each must inflate to exactly its declared
 * size (checked with a bounded inflate, so a part that lies about its size cannot expand past it).
 * `label` names the format in messages, such as `DOCX`.
 */
export function inspectZip(bytes: Buffer, label: string): ZipContents | ParseFailure {
  const entries = readZipDirectory(bytes);
  if (entries === undefined) return parseFailure('invalid_file', `The ${label} is damaged: its ZIP directory could not be read.`);
  const parts = entries.filter((entry) => /\.(xml|rels)$/i.test(entry.name));
  const declared = parts.reduce((sum, part) => sum + part.size, 0);
  if (declared > MAX_XML_BYTES) {
    return zipBomb(`The ${label} would expand to ${megabytes(declared)} MB of XML, more than the ${megabytes(MAX_XML_BYTES)} MB allowed`);
  }
  for (const part of parts) {
    const ratio = part.size / Math.max(1, part.compressedSize);
    if (part.size > LARGE_PART_BYTES && ratio > MAX_RATIO) {
      return zipBomb(`The ${label} part ${part.name} would expand ${Math.round(ratio)} times, to ${megabytes(part.size)} MB`);
    }
  }
  for (const part of parts) {
    const inflated = inflatedSize(bytes, part);
    if (inflated === 'beyond') return zipBomb(`The ${label} part ${part.name} expands beyond the size it declares`);
    if (inflated !== part.size) return parseFailure('invalid_file', `The ${label} is damaged: its part ${part.name} could not be unpacked.`);
  }
  return { ok: true, names: new Set(entries.map((entry) => entry.name)) };
}

/** The entry's real inflated size, 'beyond' when it exceeds its declared size, undefined when it cannot be inflated. */
function inflatedSize(bytes: Buffer, entry: ZipEntry): number | 'beyond' | undefined {
  const header = entry.headerOffset;
  if (header + 30 > bytes.length || bytes.readUInt32LE(header) !== LOCAL_HEADER) return undefined;
  const start = header + 30 + bytes.readUInt16LE(header + 26) + bytes.readUInt16LE(header + 28);
  if (start + entry.compressedSize > bytes.length) return undefined;
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === STORED) return data.length;
  if (entry.method !== DEFLATED) return undefined;
  try {
    // One byte over the declared size is enough to tell a liar.
    const inflated = inflateRawSync(data, { maxOutputLength: entry.size + 1 }).length;
    return inflated > entry.size ? 'beyond' : inflated;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') return 'beyond';
    if (typeof code === 'string' && code.startsWith('Z_')) return undefined;
    throw error;
  }
}

function zipBomb(problem: string): ParseFailure {
  return parseFailure('invalid_file', `${problem}; it may be a zip bomb.`);
}

function megabytes(bytes: number): number {
  return Math.round(bytes / MB);
}

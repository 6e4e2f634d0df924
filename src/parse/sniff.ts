import { parseFailure, type ParseFailure } from './parser.js';
import { extname } from 'node:path';
import { inspectZip, readZipDirectory, ZIP_SIGNATURE, type ZipContents } from './zip-archive.js';

export const PDF_SIGNATURE = Buffer.from('%PDF-', 'latin1');
/** Word, Excel and PowerPoint 97–2003 files are OLE compound files. */
export const OLE_SIGNATURE = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

// What some common contents look like, for telling a person what their file really is.
const SIGNATURES: [signature: Uint8Array, description: string][] = [
  [PDF_SIGNATURE, 'a PDF'],
  [OLE_SIGNATURE, 'an Office 97–2003 file such as .doc, .xls or .ppt'],
  [Uint8Array.from([0x89, 0x50, 0x4e, 0x47]), 'a PNG image'],
  [Uint8Array.from([0xff, 0xd8, 0xff]), 'a JPEG image'],
  [Buffer.from('GIF8', 'latin1'), 'a GIF image'],
];

export type ZipKind = 'docx' | 'pptx' | 'xlsx' | 'opendocument' | 'zip';

// An Office package is a ZIP told apart by the part its format requires.
const ZIP_KINDS: { kind: ZipKind; part: string; description: string }[] = [
  { kind: 'docx', part: 'word/document.xml', description: 'a Word .docx document' },
  { kind: 'pptx', part: 'ppt/presentation.xml', description: 'a PowerPoint .pptx presentation' },
  { kind: 'xlsx', part: 'xl/workbook.xml', description: 'an Excel .xlsx workbook' },
  { kind: 'opendocument', part: 'content.xml', description: 'an OpenDocument file' },
];

export function zipKind(names: Set<string>): ZipKind {
  return ZIP_KINDS.find(({ part }) => names.has(part))?.kind ?? 'zip';
}

export function startsWith(bytes: Uint8Array, signature: Uint8Array): boolean {
  return bytes.length >= signature.length && signature.every((byte, i) => bytes[i] === byte);
}

/** A guess at what the bytes are, such as "HTML" or "a PNG image"; undefined when nothing fits. */
export function describeContent(bytes: Buffer): string | undefined {
  const known = SIGNATURES.find(([signature]) => startsWith(bytes, signature));
  if (known !== undefined) return known[1];
  if (startsWith(bytes, ZIP_SIGNATURE)) {
    const names = new Set((readZipDirectory(bytes) ?? []).map((entry) => entry.name));
    const kind = zipKind(names);
    return ZIP_KINDS.find((zip) => zip.kind === kind)?.description ?? 'a ZIP archive';
  }
  let head: string;
  try {
    // `stream` lets the 4 KB cut fall inside a multi-byte character.
    head = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, 4096), { stream: true });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') return undefined;
    throw error;
  }
  if (head.includes('\0')) return undefined;
  return /<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]/i.test(head) ? 'HTML' : 'plain text';
}

/** The failure for a file whose content is not the format its extension names. */
export function wrongContent(extension: string, formatName: string, bytes: Buffer): ParseFailure {
  const looksLike = describeContent(bytes);
  const hint = looksLike === undefined ? '' : ` (it looks like ${looksLike})`;
  return parseFailure('invalid_file', `The file has a ${extension} extension but its content is not ${formatName}${hint}.`);
}

/** An Office package's part names, once it is a safe ZIP (see `inspectZip`) of the kind its extension names. */
export function openOfficePackage(bytes: Buffer, filename: string, kind: 'docx' | 'pptx', formatName: string): ZipContents | ParseFailure {
  const archive = inspectZip(bytes, kind.toUpperCase());
  if (!archive.ok) return archive;
  return zipKind(archive.names) === kind ? archive : wrongContent(extname(filename).toLowerCase(), formatName, bytes);
}

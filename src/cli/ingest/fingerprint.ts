import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { BINARY_PARSERS } from '../../parse/binary-parsers.js';
import { startsWith } from '../../parse/sniff.js';

/** A file's SHA-256 (hex), and, when its content shows the server would refuse it, why. */
export type Fingerprint = { sha256: string; refusal?: string };

const HEAD_BYTES = 8192;
const UTF16_BOMS = [Uint8Array.from([0xff, 0xfe]), Uint8Array.from([0xfe, 0xff])];

/**
 * The same first look the server's parser registry takes: a binary format must start with its
 * signature, and a text format must not hold NUL bytes (UTF-16 text, which has them, starts with a BOM).
 */
export function refusalByContent(name: string, head: Buffer): string | undefined {
  const extension = extname(name).toLowerCase();
  const binary = BINARY_PARSERS.find((parser) => parser.extensions.includes(extension));
  if (binary?.content) return startsWith(head, binary.content.signature) ? undefined : `not ${binary.content.name}`;
  if (UTF16_BOMS.some((bom) => startsWith(head, bom))) return undefined;
  return head.includes(0) ? 'binary content' : undefined;
}

export async function fingerprint(path: string): Promise<Fingerprint> {
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headBytes = 0;
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    if (headBytes < HEAD_BYTES) {
      head.push(bytes.subarray(0, HEAD_BYTES - headBytes));
      headBytes += Math.min(bytes.length, HEAD_BYTES - headBytes);
    }
  }
  const refusal = refusalByContent(path, Buffer.concat(head));
  return refusal === undefined ? { sha256: hash.digest('hex') } : { sha256: hash.digest('hex'), refusal };
}

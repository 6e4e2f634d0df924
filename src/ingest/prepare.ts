import { chunkText, type Chunk } from '../chunk/token-chunker.js';
import { parseDocument } from '../parse/registry.js';
import type { ChunkingOptions, IngestError } from '../storage/store.js';

export type PrepareInput = { filename: string; bytes: Uint8Array; chunking: ChunkingOptions };
/** A file's parsed text and its chunks, or why it cannot be indexed. */
export type Prepared = { ok: true; text: string; pieces: Chunk[] } | { ok: false; error: IngestError };

/** Parses and chunks one file: the CPU-heavy part of ingestion, run on the prepare threads. */
export async function prepareDocument({ filename, bytes, chunking }: PrepareInput): Promise<Prepared> {
  const parsed = await parseDocument({ filename, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
  if (!parsed.ok) return { ok: false, error: { code: parsed.code, message: parsed.message } };
  const pieces = chunkText(parsed.text, chunking);
  if (pieces.length === 0) return { ok: false, error: { code: 'invalid_file', message: 'The file contains no text to index.' } };
  return { ok: true, text: parsed.text, pieces };
}

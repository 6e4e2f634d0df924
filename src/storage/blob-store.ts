import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/** Raised when a stream being written exceeds the byte limit it was given; nothing is kept. */
export class BlobTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`blob exceeds ${limit} bytes`);
    this.name = 'BlobTooLargeError';
  }
}

/** Where file bytes live. A write is all-or-nothing: a key never names a partial blob. */
export interface BlobStore {
  /** Streams `source` into `key`; returns the byte count. Throws BlobTooLargeError past `maxBytes`. */
  write(key: string, source: Readable | AsyncIterable<Uint8Array>, options?: { maxBytes?: number }): Promise<number>;
  read(key: string): Promise<Buffer>;
  stream(key: string): Readable;
  /** Removes the blob `key` and every blob whose key continues `key/`. */
  delete(key: string): Promise<void>;
  /** Throws, saying why, when blobs can be neither read nor written; cheap enough for a readiness probe. */
  check(): Promise<void>;
  close(): Promise<void>;
}

/** Writes the concatenation of existing blobs into `key`; returns the byte count and its md5 (hex). */
export async function concatBlobs(blobs: BlobStore, key: string, parts: string[]): Promise<{ bytes: number; md5: string }> {
  const hash = createHash('md5');
  const bytes = await blobs.write(
    key,
    (async function* joined() {
      for (const part of parts) {
        for await (const chunk of blobs.stream(part) as AsyncIterable<Buffer>) {
          hash.update(chunk);
          yield chunk;
        }
      }
    })(),
  );
  return { bytes, md5: hash.digest('hex') };
}

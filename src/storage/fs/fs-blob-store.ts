import { constants, createReadStream, mkdirSync } from 'node:fs';
import { access, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { BlobTooLargeError, type BlobStore } from '../blob-store.js';
import { tempPathFor } from './temp-files.js';

/** Blobs as files under `<dataDir>/blobs`, keys used as relative paths. */
export function createFsBlobStore(dataDir: string): BlobStore {
  const root = join(dataDir, 'blobs');
  // Made at once, so that a missing root later means the blobs were moved or unmounted, not that none were written yet.
  mkdirSync(root, { recursive: true });
  const pathOf = (key: string) => {
    if (!/^[A-Za-z0-9_\-/]+$/.test(key) || key.includes('..')) throw new Error(`bad blob key: ${key}`);
    return join(root, key);
  };

  const madeDirs = new Set<string>();

  /**
   * Writes `chunks` into a temporary file next to `key`, fsyncs it, and renames it into
   * place. A file handle rather than a write stream: most blobs are small, and the stream machinery cost
   * more than the writes.
   */
  async function atomically(key: string, chunks: AsyncIterable<Uint8Array>): Promise<void> {
    const target = pathOf(key);
    const dir = dirname(target);
    if (!madeDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      madeDirs.add(dir);
    }
    const temp = tempPathFor(target);
    const file = await open(temp, 'w');
    try {
      try {
        for await (const chunk of chunks) {
          // A write may take fewer bytes than it was given.
          for (let done = 0; done < chunk.length; ) done += (await file.write(chunk, done)).bytesWritten;
        }
        await file.sync(); // before the rename, which must never expose unflushed bytes
      } finally {
        await file.close();
      }
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  return {
    async write(key, source, options = {}) {
      const limit = options.maxBytes ?? Number.POSITIVE_INFINITY;
      let bytes = 0;
      await atomically(
        key,
        (async function* counted() {
          for await (const chunk of source as AsyncIterable<Uint8Array>) {
            bytes += chunk.length;
            if (bytes > limit) throw new BlobTooLargeError(limit);
            yield chunk;
          }
        })(),
      );
      return bytes;
    },

    read: (key) => readFile(pathOf(key)),
    stream: (key): Readable => createReadStream(pathOf(key)),

    async delete(key) {
      await rm(pathOf(key), { force: true, recursive: true });
    },

    async check() {
      await access(root, constants.R_OK | constants.W_OK);
    },

    async close() {},
  };
}

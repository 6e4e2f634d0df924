import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlobTooLargeError, type BlobStore } from '../blob-store.js';

/** Blobs as files under `<dataDir>/blobs`, keys used as relative paths. */
export function createFsBlobStore(dataDir: string): BlobStore {
  const root = join(dataDir, 'blobs');
  const pathOf = (key: string) => {
    if (!/^[A-Za-z0-9_\-/]+$/.test(key) || key.includes('..')) throw new Error(`bad blob key: ${key}`);
    return join(root, key);
  };

  const madeDirs = new Set<string>();

  /** Streams into a temporary file next to `key`, fsyncs it, and renames it into place. */
  async function atomically(key: string, fill: (out: Writable) => Promise<void>): Promise<void> {
    const target = pathOf(key);
    const dir = dirname(target);
    if (!madeDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      madeDirs.add(dir);
    }
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      // `flush` fsyncs the file before the stream closes, so the rename never exposes unflushed bytes.
      await fill(createWriteStream(temp, { flush: true }));
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
      await atomically(key, (out) =>
        pipeline(
          source,
          async function* count(chunks: AsyncIterable<Uint8Array>) {
            for await (const chunk of chunks) {
              bytes += chunk.length;
              if (bytes > limit) throw new BlobTooLargeError(limit);
              yield chunk;
            }
          },
          out,
        ),
      );
      return bytes;
    },

    async concat(key, parts) {
      const hash = createHash('md5');
      let bytes = 0;
      await atomically(key, async (out) => {
        for (const part of parts) {
          await pipeline(
            createReadStream(pathOf(part)),
            async function* tee(chunks: AsyncIterable<Buffer>) {
              for await (const chunk of chunks) {
                hash.update(chunk);
                bytes += chunk.length;
                yield chunk;
              }
            },
            out,
            { end: false },
          );
        }
        await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      });
      return { bytes, md5: hash.digest('hex') };
    },

    read: (key) => readFile(pathOf(key)),
    stream: (key): Readable => createReadStream(pathOf(key)),

    async delete(key) {
      await rm(pathOf(key), { force: true, recursive: true });
    },
  };
}

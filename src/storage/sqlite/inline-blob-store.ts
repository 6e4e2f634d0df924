import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { BlobTooLargeError, type BlobStore } from '../blob-store.js';

/** SQLite's own measurements put the crossover between a BLOB in the database and a file at about 100 KB. */
export const INLINE_MAX_BYTES = 100 * 1024;

/**
 * Small blobs as rows of a SQLite database of their own, larger ones in `large`. Most files people index
 * are small, and a row costs one statement where a file costs a new inode, a write, an fsync and a rename,
 * each a trip through the I/O thread pool. Rows are kept as durably as the metadata naming them (WAL,
 * synchronous=NORMAL): a crash never leaves a File whose small blob is missing.
 */
export function createInlineBlobStore(path: string, large: BlobStore, inlineMaxBytes = INLINE_MAX_BYTES): BlobStore {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 10000');
  db.exec('CREATE TABLE IF NOT EXISTS blobs (key TEXT PRIMARY KEY, bytes BLOB NOT NULL)');
  const insert = db.prepare('INSERT OR REPLACE INTO blobs (key, bytes) VALUES (?, ?)');
  const select = db.prepare('SELECT bytes FROM blobs WHERE key = ?').pluck();
  // A key also names every blob under it (`parts/<upload>` holds `parts/<upload>/<part>`): '/' sorts just before '0'.
  const remove = db.prepare("DELETE FROM blobs WHERE key = ? OR (key > ? || '/' AND key < ? || '0')");

  const probe = db.prepare('SELECT 1 FROM blobs LIMIT 1');

  const inline = (key: string) => select.get(key) as Buffer | undefined;

  return {
    async write(key, source, options = {}) {
      const limit = options.maxBytes ?? Number.POSITIVE_INFINITY;
      const chunks = (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
      const head: Uint8Array[] = [];
      let bytes = 0;
      for (;;) {
        const next = await chunks.next();
        if (next.done) {
          insert.run(key, Buffer.concat(head));
          return bytes;
        }
        bytes += next.value.length;
        if (bytes > limit) {
          await chunks.return?.();
          throw new BlobTooLargeError(limit);
        }
        head.push(next.value);
        if (bytes > inlineMaxBytes) break;
      }
      // Too large to keep inline: the chunks read so far, then the rest of the source.
      return large.write(
        key,
        (async function* rest() {
          yield* head;
          for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
        })(),
        options,
      );
    },

    async read(key) {
      return inline(key) ?? large.read(key);
    },

    stream(key) {
      const bytes = inline(key);
      return bytes ? Readable.from([bytes]) : large.stream(key);
    },

    async delete(key) {
      remove.run(key, key, key);
      await large.delete(key);
    },

    async check() {
      probe.get();
      await large.check();
    },

    async close() {
      db.close();
      await large.close();
    },
  };
}

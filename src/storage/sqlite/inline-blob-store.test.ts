import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, test } from 'node:test';
import { BlobTooLargeError, concatBlobs } from '../blob-store.js';
import { createFsBlobStore } from '../fs/fs-blob-store.js';
import { createInlineBlobStore } from './inline-blob-store.js';

const INLINE_MAX = 1024;
const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function open() {
  const dir = mkdtempSync(join(tmpdir(), 'trove-inline-blobs-'));
  dirs.push(dir);
  const blobs = createInlineBlobStore(join(dir, 'blobs.db'), createFsBlobStore(dir), INLINE_MAX);
  return { blobs, onDisk: (key: string) => existsSync(join(dir, 'blobs', key)) };
}

/** `bytes` as a stream of 100-byte chunks, as an HTTP body arrives. */
const chunked = (bytes: Buffer) => Readable.from(Array.from({ length: Math.ceil(bytes.length / 100) }, (_, i) => bytes.subarray(i * 100, (i + 1) * 100)));
const bytesOf = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) % 256));
const drain = async (stream: Readable) => Buffer.concat(await stream.toArray());

test('a small blob is kept as a row, a large one as a file, and both read back whole', async () => {
  const { blobs, onDisk } = open();
  const small = bytesOf(INLINE_MAX, 1);
  const large = bytesOf(INLINE_MAX * 5 + 7, 2);
  assert.equal(await blobs.write('files/aa/small', chunked(small)), small.length);
  assert.equal(await blobs.write('files/aa/large', chunked(large)), large.length);
  assert.equal(onDisk('files/aa/small'), false);
  assert.equal(onDisk('files/aa/large'), true);
  assert.deepEqual(await blobs.read('files/aa/small'), small);
  assert.deepEqual(await blobs.read('files/aa/large'), large);
  assert.deepEqual(await drain(blobs.stream('files/aa/small')), small);
  assert.deepEqual(await drain(blobs.stream('files/aa/large')), large);
  assert.equal(await blobs.write('files/aa/empty', Readable.from([])), 0);
  assert.deepEqual(await blobs.read('files/aa/empty'), Buffer.alloc(0));
  await blobs.close();
});

test('a blob over its limit is refused and nothing of it is kept, in either tier', async () => {
  const { blobs, onDisk } = open();
  await assert.rejects(blobs.write('files/bb/over', chunked(bytesOf(600, 3)), { maxBytes: 500 }), BlobTooLargeError);
  await assert.rejects(blobs.write('files/bb/big', chunked(bytesOf(INLINE_MAX * 4, 4)), { maxBytes: INLINE_MAX * 3 }), BlobTooLargeError);
  await assert.rejects(blobs.read('files/bb/over'));
  await assert.rejects(blobs.read('files/bb/big'));
  assert.equal(onDisk('files/bb/big'), false);
  await blobs.close();
});

test('concat joins parts from both tiers with their md5, and delete removes a key and what lies under it', async () => {
  const { blobs, onDisk } = open();
  const parts = [bytesOf(300, 5), bytesOf(INLINE_MAX * 2, 6), bytesOf(10, 7)];
  for (const [i, part] of parts.entries()) await blobs.write(`parts/upload_1/part_${i}`, chunked(part));
  await blobs.write('parts/upload_10/part_0', chunked(bytesOf(50, 8)));
  const whole = Buffer.concat(parts);
  const joined = await concatBlobs(blobs, 'files/cc/joined', [0, 1, 2].map((i) => `parts/upload_1/part_${i}`));
  assert.deepEqual(joined, { bytes: whole.length, md5: createHash('md5').update(whole).digest('hex') });
  assert.deepEqual(await blobs.read('files/cc/joined'), whole);

  await blobs.delete('parts/upload_1');
  for (let i = 0; i < 3; i += 1) await assert.rejects(blobs.read(`parts/upload_1/part_${i}`));
  assert.equal(onDisk('parts/upload_1/part_1'), false);
  assert.equal((await blobs.read('parts/upload_10/part_0')).length, 50); // a longer key with the same start stays
  await blobs.close();
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import pino from 'pino';
import { createFsBlobStore } from '../storage/fs/fs-blob-store.js';
import { fileBlobKey } from '../storage/blob-keys.js';
import { createSqliteStore } from '../storage/sqlite/sqlite-store.js';
import type { FileRow } from '../storage/store.js';
import { startExpirySweeper } from './expiry-sweeper.js';

const DAY = 86_400;

test('a sweep deletes expired Files with their bytes, empties expired stores and closes stale uploads', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trove-sweep-'));
  const store = createSqliteStore(dir);
  const blobs = createFsBlobStore(dir);
  try {
    const now = Math.floor(Date.now() / 1000);
    const makeFile = async (id: string, expiresAt: number | null): Promise<FileRow> => {
      const row = { id, projectId: 'p', filename: `${id}.txt`, bytes: 2, purpose: 'assistants', createdAt: now - DAY, expiresAt };
      await blobs.write(fileBlobKey(id), Readable.from([Buffer.from('hi')]));
      await store.files.insert(row);
      return row;
    };
    await makeFile('file-expired', now - 1);
    await makeFile('file-kept', now + 3600);
    const chunking = { maxTokens: 800, overlapTokens: 400 };
    const embedder = { provider: 'test', model: 'hash-8', dimension: 8 };
    const base = { projectId: 'p', name: '', description: null, metadata: null, createdAt: now - 3 * DAY, embedder };
    await store.vectorStores.insert({ ...base, id: 'vs_old', lastActiveAt: now - 3 * DAY, expiresAfterDays: 2 }, [{ fileId: 'file-kept', attributes: null, chunking }]);
    await store.vectorStores.insert({ ...base, id: 'vs_fresh', lastActiveAt: now, expiresAfterDays: 2 }, [{ fileId: 'file-kept', attributes: null, chunking }]);
    await store.uploads.insert({
      id: 'upload_stale', projectId: 'p', filename: 'u.txt', purpose: 'assistants', bytes: 1, mimeType: 'text/plain',
      status: 'pending', createdAt: now - 7200, expiresAt: now - 3600, fileExpiresAfterSeconds: null, fileId: null,
    });

    const sweeper = startExpirySweeper({ store, blobs, log: pino({ level: 'silent' }) });
    await sweeper.stop();

    assert.equal(await store.files.get('p', 'file-expired'), null);
    await assert.rejects(blobs.read(fileBlobKey('file-expired')), /ENOENT/);
    assert.ok(await store.files.get('p', 'file-kept'));
    assert.equal((await store.vectorStores.get('p', 'vs_old'))?.fileCounts.total, 0, 'an expired store loses its files');
    assert.equal((await store.vectorStores.get('p', 'vs_fresh'))?.fileCounts.total, 1, 'a live store keeps them');
    assert.equal((await store.uploads.get('p', 'upload_stale'))?.status, 'expired');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { journalPath, openUploadJournal } from './journal.js';

test('an upload journal survives a reopen, ignores a torn last line, and is removed once nothing is pending', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trove-journal-'));
  try {
    const path = journalPath(dir, 'http://127.0.0.1:8787/v1', 'vs_abc');
    assert.notEqual(path, journalPath(dir, 'http://other:8787/v1', 'vs_abc'));
    const first = openUploadJournal(path);
    first.record('aa', 'file-1');
    first.record('bb', 'file-2');
    appendFileSync(path, '{"sha256":"cc","fil');

    const second = openUploadJournal(path);
    assert.equal(second.fileId('aa'), 'file-1');
    assert.equal(second.fileId('bb'), 'file-2');
    assert.equal(second.fileId('cc'), undefined);
    second.forget('aa');
    second.save();
    assert.equal(openUploadJournal(path).fileId('aa'), undefined);
    assert.equal(openUploadJournal(path).fileId('bb'), 'file-2');

    second.forget('bb');
    second.save();
    assert.equal(existsSync(path), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

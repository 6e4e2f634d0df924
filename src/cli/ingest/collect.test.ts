import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { collectFiles, refusalBySize } from './collect.js';
import { refusalByContent } from './fingerprint.js';

test('a file is refused by name and size as the server would refuse it', () => {
  assert.equal(refusalBySize('a/guide.MD', 10), undefined);
  assert.equal(refusalBySize('photo.png', 10), 'unsupported type .png');
  assert.equal(refusalBySize('Makefile', 10), 'no extension');
  assert.equal(refusalBySize('empty.txt', 0), 'empty');
  assert.equal(refusalBySize('huge.pdf', 512 * 1024 * 1024 + 1), 'larger than 512 MB');
});

test('a file is refused by content when a binary format lacks its signature or text holds NUL bytes', () => {
  assert.equal(refusalByContent('r.pdf', Buffer.from('%PDF-1.7')), undefined);
  assert.equal(refusalByContent('r.pdf', Buffer.from('hello')), 'not a PDF');
  assert.equal(refusalByContent('n.txt', Buffer.from([0x61, 0, 0x62])), 'binary content');
  assert.equal(refusalByContent('n.txt', Buffer.from([0xff, 0xfe, 0x61, 0])), undefined, 'UTF-16 text has NUL bytes');
});

test('folders are walked in order without hidden entries, globs select below their fixed prefix, and each file counts once', async () => {
  const root = mkdtempSync(join(tmpdir(), 'trove-collect-'));
  try {
    for (const path of ['docs/b.md', 'docs/a.txt', 'docs/deep/c.md', 'docs/.cache/x.md', 'other/d.md']) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), 'text');
    }
    const walked = await collectFiles(['docs', 'docs/b.md'], root);
    assert.deepEqual(walked.files.map((f) => f.shown), ['docs/a.txt', 'docs/b.md', 'docs/deep/c.md']);
    assert.deepEqual(walked.skipped, [{ shown: 'docs/.cache', reason: 'hidden' }]);
    assert.equal(walked.files[0]!.bytes, 4);

    const globbed = await collectFiles(['docs/**/*.md', '*/d.md'], root);
    assert.deepEqual(globbed.files.map((f) => f.shown), ['docs/b.md', 'docs/deep/c.md', 'other/d.md']);
    assert.deepEqual(globbed.skipped, []);

    await assert.rejects(collectFiles(['nowhere'], root), /no such file or directory: nowhere/);
    await assert.rejects(collectFiles(['docs/*.pdf'], root), /no files match docs\/\*\.pdf/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

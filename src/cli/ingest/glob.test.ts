import assert from 'node:assert/strict';
import { test } from 'node:test';
import { globPrefix, globToRegExp, isGlob } from './glob.js';

test('a glob matches paths as a shell with globstar would', () => {
  const cases: [string, string, boolean][] = [
    ['docs/*.md', 'docs/a.md', true],
    ['docs/*.md', 'docs/sub/a.md', false],
    ['docs/**/*.md', 'docs/a.md', true],
    ['docs/**/*.md', 'docs/x/y/a.md', true],
    ['docs/**/*.md', 'docsx/a.md', false],
    ['**/*.{md,txt}', 'a/b.txt', true],
    ['**/*.{md,txt}', 'a/b.pdf', false],
    ['notes/file?.txt', 'notes/file1.txt', true],
    ['notes/file?.txt', 'notes/file10.txt', false],
    ['notes/[ab].txt', 'notes/b.txt', true],
    ['notes/[!ab].txt', 'notes/b.txt', false],
    ['a+b/(x).txt', 'a+b/(x).txt', true],
  ];
  for (const [pattern, path, expected] of cases) assert.equal(globToRegExp(pattern).test(path), expected, `${pattern} ~ ${path}`);
});

test('a walk for a glob starts at its fixed leading directories', () => {
  assert.equal(globPrefix('docs/**/*.md'), 'docs/');
  assert.equal(globPrefix('*.md'), '');
  assert.equal(globPrefix('./a/b/c*/d.txt'), './a/b/');
  assert.equal(globPrefix('/srv/docs/*.md'), '/srv/docs/');
  assert.equal(isGlob('docs/plain.md'), false);
  assert.equal(isGlob('docs/{a,b}.md'), true);
});

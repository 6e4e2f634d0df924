import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'trove-serve-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the `trove` command to its end and returns its exit code and output. */
async function trove(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, TROVE_DATA_DIR: join(scratch, 'data'), TROVE_EMBEDDER: 'test', TROVE_PORT: '0', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

/** The process failed to start, saying why in one line on stderr and nothing on stdout. */
function assertOneLine(result: { code: number | null; stdout: string; stderr: string }, pattern: RegExp) {
  assert.equal(result.code, 1);
  assert.equal(result.stdout, '');
  const lines = result.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0]!, pattern);
}

test('--version prints the version of package.json', async () => {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const result = await trove(['--version']);
  assert.equal(result.code, 0);
  assert.equal(result.stdout.trim(), version);
});

test('an unknown default embedder stops the start with one line', async () => {
  assertOneLine(await trove(['serve', '--embedder', 'bogus']), /^trove: TROVE_EMBEDDER 'bogus' cannot run: unknown embedder "bogus"; known: default, /);
});

test('a default embedder that cannot run stops the start with one line', async () => {
  assertOneLine(await trove(['serve'], { TROVE_EMBEDDER: 'onnx:not a model' }), /^trove: TROVE_EMBEDDER 'onnx:not a model' cannot run: /);
});

test('a data directory that cannot be used stops the start with one line', async () => {
  const notADirectory = join(scratch, 'a-file');
  writeFileSync(notADirectory, 'not a directory');
  assertOneLine(await trove(['serve', '--data-dir', join(notADirectory, 'data')]), /^trove: the data directory .*a-file\/data cannot be used: /);
});

test('a port in use stops the start with one line', async () => {
  const holder = createServer().listen(0, '127.0.0.1');
  await once(holder, 'listening');
  const { port } = holder.address() as { port: number };
  try {
    assertOneLine(await trove(['serve', '--port', String(port)]), new RegExp(`^trove: port ${port} on 127\\.0\\.0\\.1 is already in use`));
  } finally {
    holder.close();
  }
});

test('a malformed setting stops the start with one line', async () => {
  assertOneLine(await trove(['serve'], { TROVE_INGEST_CONCURRENCY: 'many' }), /^trove: TROVE_INGEST_CONCURRENCY must be a non-negative integer, got 'many'$/);
});

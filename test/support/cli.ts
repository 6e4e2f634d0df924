import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export type CliRun = { code: number | null; stdout: string; stderr: string };

export type CliOptions = { cwd?: string; env?: Record<string, string> };

/** Starts `trove <args>` as its own process with piped output (so not a terminal). */
export function spawnCli(args: string[], options: CliOptions = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { ...process.env, TROVE_BASE_URL: '', TROVE_API_KEY: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** What a started `trove` prints until it exits, and its exit code. */
export async function finished(child: ChildProcess): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

export const runCli = (args: string[], options: CliOptions = {}) => finished(spawnCli(args, options));

/** Output lines without the final newline's empty string. */
export const linesOf = (text: string) => text.split('\n').slice(0, text.endsWith('\n') ? -1 : undefined);

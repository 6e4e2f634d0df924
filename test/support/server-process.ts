import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export type ServerProcess = {
  url: string;
  child: ChildProcess;
  /** Every line the server logged (JSON, pino), in order. */
  logLines: string[];
  stop(signal?: NodeJS.Signals): Promise<void>;
};

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  return port;
}

/** Runs `trove serve` as its own process (so a test can kill it like a crash would) and waits until it answers. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'serve'], {
    env: { ...process.env, TROVE_LOG_LEVEL: 'warn', ...env, TROVE_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const logLines: string[] = [];
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop()!;
    logLines.push(...lines);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`trove serve exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error('trove serve did not start within 20 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    logLines,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill(signal);
      await exited;
    },
  };
}

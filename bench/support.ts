// Shared pieces of the benchmarks: a server in its own process, its peak memory, and deterministic text.
import { readFileSync } from 'node:fs';
import { seededRandom } from '../test/support/random.js';
import { startServerProcess, type ServerProcess } from '../test/support/server-process.js';

export { startServerProcess, type ServerProcess };

/** Peak resident memory of a process in MB (Linux VmHWM). */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

const WORDS = (
  'river station gauge flood level survey engineer report sediment tide harbour channel pump valve canal lock ' +
  'bridge rainfall storm season basin meadow reservoir turbine current delta estuary marsh willow heron otter ' +
  'quarterly maintenance inspection crew budget schedule north south east west morning evening measured recorded ' +
  'reviewed noted filed compared rose fell steady unusual expected repaired replaced cleaned'
).split(' ');

/** English-like prose of about `bytes` bytes, different for every seed. */
export function prose(seed: number, bytes: number): string {
  const next = seededRandom(seed);
  const sentences: string[] = [];
  let length = 0;
  while (length < bytes) {
    const n = 8 + Math.floor(next() * 10);
    const words = Array.from({ length: n }, () => WORDS[Math.floor(next() * WORDS.length)]!);
    const sentence = `${words[0]![0]!.toUpperCase()}${words.join(' ').slice(1)} ${seed}.`;
    sentences.push(sentence);
    length += sentence.length + 1;
  }
  return sentences.join(' ');
}

export function formatTable(rows: Array<Record<string, string | number>>): string {
  const columns = Object.keys(rows[0] ?? {});
  const cell = (v: string | number) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(1)) : v);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]!).length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(columns.map((c) => cell(r[c]!))))].join('\n');
}

export function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

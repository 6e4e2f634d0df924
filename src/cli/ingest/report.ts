import type { SkippedFile } from './collect.js';
import type { Item } from './plan.js';
import type { Counts } from './run.js';

/** Where ingest writes: lasting lines, and a progress line redrawn on a terminal or printed now and then elsewhere. */
export type Reporter = {
  line(text: string): void;
  /** A progress update; `force` prints it even between the periodic lines of a non-terminal. */
  progress(text: string, force?: boolean): void;
  close(): void;
};

const EXAMPLES_PER_REASON = 3;

/** 0.4 → "0.4s", 75 → "1m15s", 3720 → "1h02m". */
export function formatDuration(seconds: number): string {
  if (seconds < 9.95) return `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The skipped files grouped by reason, largest group first, with a few examples each. */
export function skipSummary(skipped: SkippedFile[]): string[] {
  if (skipped.length === 0) return [];
  const byReason = new Map<string, string[]>();
  for (const { shown, reason } of skipped) {
    // Duplicates name their original; grouping them needs the reason without it.
    const group = reason.startsWith('same content as ') ? 'same content as another file' : reason;
    const shownWith = group === reason ? shown : `${shown} (${reason})`;
    byReason.set(group, [...(byReason.get(group) ?? []), shownWith]);
  }
  const groups = [...byReason].sort(([a, x], [b, y]) => y.length - x.length || (a < b ? -1 : 1));
  return [
    `skipped ${plural(skipped.length, 'file')}:`,
    ...groups.map(([reason, shown]) => {
      const more = shown.length > EXAMPLES_PER_REASON ? `, and ${shown.length - EXAMPLES_PER_REASON} more` : '';
      return `  ${reason} (${shown.length}): ${shown.slice(0, EXAMPLES_PER_REASON).join(', ')}${more}`;
    }),
  ];
}

export type Speed = { rate: number; eta: string };

/** Files finished per second in this run, and the time left at that rate. */
export function speedOf(counts: Counts, elapsedSeconds: number): Speed {
  const finishedNow = counts.completed + counts.failed - counts.doneAtStart;
  const rate = elapsedSeconds > 0 ? finishedNow / elapsedSeconds : 0;
  const left = counts.total - counts.completed - counts.failed;
  const eta = left === 0 ? '0s' : rate > 0 ? formatDuration(left / rate) : '?';
  return { rate, eta };
}

export function progressLine(counts: Counts, elapsedSeconds: number): string {
  const { rate, eta } = speedOf(counts, elapsedSeconds);
  return (
    `uploaded ${counts.uploaded}/${counts.toUpload}, completed ${counts.completed}/${counts.total}, ` +
    `failed ${counts.failed}, ${rate.toFixed(1)} files/s, eta ${eta}`
  );
}

/** The terminal form: a bar of completed files, then the same figures. */
export function progressBar(counts: Counts, elapsedSeconds: number, width: number): string {
  const { rate, eta } = speedOf(counts, elapsedSeconds);
  const cells = 24;
  const done = counts.total === 0 ? cells : Math.floor((cells * (counts.completed + counts.failed)) / counts.total);
  const failed = counts.failed > 0 ? ` \x1b[31m${counts.failed} failed\x1b[0m` : ' 0 failed';
  const text =
    `▕\x1b[32m${'█'.repeat(done)}\x1b[0m${'░'.repeat(cells - done)}▏ ${counts.completed}/${counts.total} completed ·` +
    ` uploaded ${counts.uploaded}/${counts.toUpload} ·${failed} · ${rate.toFixed(1)} files/s · eta ${eta}`;
  // Escape codes take no columns; cut only the visible text, and only when the terminal is narrow.
  const visible = text.replace(/\x1b\[\d+m/g, '');
  return visible.length <= width ? text : visible.slice(0, Math.max(10, width - 1));
}

export function failureLines(failures: Item[]): string[] {
  if (failures.length === 0) return [];
  return [`failed ${plural(failures.length, 'file')}:`, ...failures.map((item) => `  ${item.file.shown}: ${item.error ?? 'failed'}`)];
}

export function createTerminalReporter(out: NodeJS.WriteStream): Reporter {
  let current = '';
  const draw = () => out.write(`\r\x1b[2K${current}`);
  return {
    line(text) {
      out.write(`\r\x1b[2K${text}\n`);
      if (current) draw();
    },
    progress(text) {
      current = text;
      draw();
    },
    close() {
      if (current) out.write('\r\x1b[2K');
      current = '';
    },
  };
}

/** Lines only, one progress line per `intervalMs` at most, so logs and tests read the same thing each run. */
export function createPlainReporter(out: NodeJS.WritableStream, intervalMs: number): Reporter {
  let last = 0;
  return {
    line: (text) => void out.write(`${text}\n`),
    progress(text, force = false) {
      const now = Date.now();
      if (!force && now - last < intervalMs) return;
      last = now;
      out.write(`${text}\n`);
    },
    close() {},
  };
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTerminalReporter, formatDuration, progressBar, progressLine, skipSummary } from './report.js';
import type { Counts } from './run.js';

const counts: Counts = { total: 300, toUpload: 200, uploaded: 150, completed: 180, failed: 2, doneAtStart: 100 };

test('progress reads the same figures as a line and as a bar, with the rate of this run only', () => {
  // 82 files finished in this run in 10 s: 8.2 files/s; 118 left: 14 s.
  assert.equal(progressLine(counts, 10), 'uploaded 150/200, completed 180/300, failed 2, 8.2 files/s, eta 14s');
  const bar = progressBar(counts, 10, 200);
  assert.equal(
    bar.replace(/\x1b\[\d+m/g, ''),
    `▕${'█'.repeat(14)}${'░'.repeat(10)}▏ 180/300 completed · uploaded 150/200 · 2 failed · 8.2 files/s · eta 14s`,
  );
  assert.match(bar, /\x1b\[31m2 failed\x1b\[0m/);
  assert.equal(progressBar(counts, 10, 40).length, 39, 'cut to a narrow terminal');
  assert.match(progressLine({ ...counts, doneAtStart: 182 }, 10), /0\.0 files\/s, eta \?$/);
});

test('durations read as seconds, minutes or hours', () => {
  assert.deepEqual([0.42, 9.96, 59.4, 75, 3720].map(formatDuration), ['0.4s', '10s', '59s', '1m15s', '1h02m']);
});

test('the skip summary groups by reason, largest first, with three examples each', () => {
  assert.deepEqual(
    skipSummary([
      { shown: 'a.png', reason: 'unsupported type .png' },
      { shown: 'b.png', reason: 'unsupported type .png' },
      { shown: 'c.png', reason: 'unsupported type .png' },
      { shown: 'd.png', reason: 'unsupported type .png' },
      { shown: 'copy.md', reason: 'same content as orig.md' },
      { shown: 'e.txt', reason: 'empty' },
    ]),
    [
      'skipped 6 files:',
      '  unsupported type .png (4): a.png, b.png, c.png, and 1 more',
      '  empty (1): e.txt',
      '  same content as another file (1): copy.md (same content as orig.md)',
    ],
  );
  assert.deepEqual(skipSummary([]), []);
});

test('on a terminal a lasting line is written above the progress line, which is redrawn in place', () => {
  let written = '';
  const reporter = createTerminalReporter({ write: (text: string) => ((written += text), true) } as unknown as NodeJS.WriteStream);
  reporter.progress('10%');
  reporter.line('note');
  reporter.progress('20%');
  reporter.close();
  assert.equal(written, '\r\x1b[2K10%\r\x1b[2Knote\n\r\x1b[2K10%\r\x1b[2K20%\r\x1b[2K');
});

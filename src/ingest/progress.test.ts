import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import pino from 'pino';
import { IngestProgressFeed, logProgress, type IngestProgress } from './progress.js';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { lines, log: pino({ level: 'info' }, sink) };
}

const base: IngestProgress = {
  phase: 'started', storeId: 'vs_1', fileId: 'file-1', filename: 'big.txt', chunks: 4000, chunksDone: 1000, chunksResumed: 1000, tokens: 3_200_000, seconds: 0,
};

test('progress lines say percent done, the rate of this attempt and the time left', () => {
  const { lines, log } = capture();
  const feed = new IngestProgressFeed();
  feed.subscribe(logProgress(log));
  feed.emit(base);
  // 1,000 chunks resumed, 1,000 embedded now in 100 s: 10 chunks/s, 2,000 left.
  feed.emit({ ...base, phase: 'embedding', chunksDone: 2000, seconds: 100 });
  feed.emit({ ...base, phase: 'finished', chunksDone: 4000, seconds: 300 });
  assert.deepEqual(lines.map((l) => l.msg), ['indexing file, resuming from saved vectors', 'indexing file: 50% embedded', 'file indexed']);
  assert.equal(lines[0]!.chunksResumed, 1000);
  assert.deepEqual([lines[1]!.percent, lines[1]!.chunksPerSecond, lines[1]!.secondsLeft], [50, 10, 200]);
  assert.deepEqual([lines[2]!.chunks, lines[2]!.tokens, lines[2]!.seconds, lines[2]!.chunksPerSecond], [4000, 3_200_000, 300, 10]);
  assert.ok(lines.every((l) => l.level === 30), 'all at info');
});

test('a listener that unsubscribes hears no more', () => {
  const feed = new IngestProgressFeed();
  const heard: string[] = [];
  const stop = feed.subscribe((p) => heard.push(p.phase));
  feed.emit(base);
  stop();
  feed.emit({ ...base, phase: 'finished' });
  assert.deepEqual(heard, ['started']);
});

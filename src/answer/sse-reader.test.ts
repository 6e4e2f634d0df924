import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readServerSentEvents } from './sse-reader.js';

function streamOf(...pieces: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
}

async function collect(body: ReadableStream<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const data of readServerSentEvents(body)) out.push(data);
  return out;
}

test('events split anywhere across chunks come out whole', async () => {
  const events = await collect(streamOf('data: {"a"', ':1}\n', '\ndata: [DO', 'NE]\n\n'));
  assert.deepEqual(events, ['{"a":1}', '[DONE]']);
});

test('comments, event names and CRLF line ends are handled', async () => {
  const events = await collect(streamOf(': keep-alive\r\n\r\nevent: x\r\ndata:one\r\ndata: two\r\n\r\n'));
  assert.deepEqual(events, ['one\ntwo']);
});

test('a last event without its blank line is still delivered', async () => {
  assert.deepEqual(await collect(streamOf('data: last')), ['last']);
});

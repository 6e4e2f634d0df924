import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accumulateStream, completionOf } from './chat-completion.js';

function sse(...chunks: object[]): ReadableStream<Uint8Array> {
  const text = chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('') + 'data: [DONE]\n\n';
  return new Response(text).body!;
}

test('a streamed answer is passed on piece by piece and summed with its usage', async () => {
  const pieces: string[] = [];
  const completion = await accumulateStream(
    sse(
      { model: 'm1', choices: [{ delta: { role: 'assistant', content: '' } }] },
      { choices: [{ delta: { content: 'Hello ' } }] },
      { choices: [{ delta: { content: 'world' }, finish_reason: 'stop' }] },
      { choices: [], usage: { prompt_tokens: 5, completion_tokens: 2 } },
    ),
    'asked',
    (piece) => pieces.push(piece),
  );
  assert.deepEqual(pieces, ['Hello ', 'world']);
  assert.deepEqual(completion, { model: 'm1', content: 'Hello world', toolCalls: [], usage: { promptTokens: 5, completionTokens: 2 }, finishReason: 'stop' });
});

test('tool calls split over chunks are joined, and object arguments without ids are accepted', async () => {
  const completion = await accumulateStream(
    sse(
      { choices: [{ delta: { tool_calls: [{ index: 0, id: 'call_a', function: { name: 'file_search', arguments: '{"que' } }] } }] },
      { choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: 'ries":["x"]}' } }] } }] },
      { choices: [{ delta: { tool_calls: [{ index: 1, function: { name: 'file_search', arguments: { query: 'y' } } }] }, finish_reason: 'tool_calls' }] },
    ),
    'asked',
    () => {},
  );
  assert.equal(completion.toolCalls.length, 2);
  assert.deepEqual(completion.toolCalls[0], { id: 'call_a', type: 'function', function: { name: 'file_search', arguments: '{"queries":["x"]}' } });
  assert.equal(completion.toolCalls[1]!.function.arguments, '{"query":"y"}');
  assert.match(completion.toolCalls[1]!.id, /^call_/);
});

test('a plain answer reads the first choice', () => {
  const completion = completionOf({ choices: [{ message: { content: null, tool_calls: [{ id: 'c', function: { name: 'file_search', arguments: '{}' } }] }, finish_reason: 'tool_calls' }] }, 'asked');
  assert.equal(completion.model, 'asked');
  assert.equal(completion.content, '');
  assert.equal(completion.toolCalls[0]!.id, 'c');
});

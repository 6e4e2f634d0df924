import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TOOLS_UNSUPPORTED, translateFailure, upstreamMessage } from './upstream-errors.js';

const reply = (status: number, headers: Record<string, string> = {}) => new Response(null, { status, headers });

test('each upstream status becomes the kind a client can act on', () => {
  assert.equal(translateFailure(reply(400), 'bad temperature', false).kind, 'invalid');
  assert.equal(translateFailure(reply(404), 'no such model', false).kind, 'not_found');
  const refused = translateFailure(reply(401), 'Incorrect API key provided: sk-abc', false);
  assert.equal(refused.kind, 'upstream_failed');
  assert.doesNotMatch(refused.message, /sk-abc/, "the upstream's words about the key are not passed on");
  assert.equal(translateFailure(reply(503), 'overloaded', false).kind, 'upstream_failed');
  const limited = translateFailure(reply(429, { 'retry-after-ms': '1500' }), 'slow down', false);
  assert.equal(limited.kind, 'busy');
  assert.equal(limited.retryAfterSeconds, 2);
  assert.equal(translateFailure(reply(429, { 'retry-after': '7' }), 'slow down', false).retryAfterSeconds, 7);
});

test('refusals of tools by Ollama, vLLM and llama.cpp server are recognised, only when tools were sent', () => {
  for (const message of [
    'registry.ollama.ai/library/gemma:2b does not support tools',
    '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
    'tools param requires --jinja flag',
  ]) {
    assert.equal(translateFailure(reply(400), message, true).code, TOOLS_UNSUPPORTED, message);
    assert.notEqual(translateFailure(reply(400), message, false).code, TOOLS_UNSUPPORTED);
  }
});

test('the message is read from OpenAI-style, bare-string and non-JSON error bodies', () => {
  assert.equal(upstreamMessage('{"error":{"message":"nope"}}'), 'nope');
  assert.equal(upstreamMessage('{"error":"model not found"}'), 'model not found');
  assert.equal(upstreamMessage('<html>Bad Gateway</html>'), '<html>Bad Gateway</html>');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeText } from './text.js';

test('UTF-8 loses its byte-order mark and CRLF line endings', () => {
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('first line\r\nsecond line\r\n', 'utf8')]);
  assert.deepEqual(decodeText(bytes), { ok: true, text: 'first line\nsecond line\n' });
});

test('UTF-16 is read when a byte-order mark says so', () => {
  const text = 'Grüße, 世界 🎉\r\nend';
  const littleEndian = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const bigEndian = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
  assert.deepEqual(decodeText(littleEndian), { ok: true, text: 'Grüße, 世界 🎉\nend' });
  assert.deepEqual(decodeText(bigEndian), { ok: true, text: 'Grüße, 世界 🎉\nend' });
});

test('a lone CR becomes LF', () => {
  assert.deepEqual(decodeText(Buffer.from('a\rb', 'utf8')), { ok: true, text: 'a\nb' });
});

test('NUL bytes and invalid UTF-8 are rejected as binary', () => {
  const nul = decodeText(Buffer.from('looks like text\0but is not', 'utf8'));
  const invalid = decodeText(Buffer.from([0x68, 0x69, 0xc3, 0x28]));
  const oddUtf16 = decodeText(Buffer.from([0xff, 0xfe, 0x41]));
  for (const outcome of [nul, invalid, oddUtf16]) {
    assert.deepEqual(outcome, {
      ok: false,
      code: 'unsupported_file',
      message: 'The file is not valid UTF-8 or UTF-16 text (it looks binary).',
    });
  }
});

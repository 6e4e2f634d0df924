import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Parser } from './parser.js';
import { createParserRegistry, parseDocument, SUPPORTED_EXTENSIONS } from './registry.js';

const parse = (filename: string, content: string | Buffer) =>
  parseDocument({ filename, bytes: typeof content === 'string' ? Buffer.from(content, 'utf8') : content });

describe('parseDocument', () => {
  test('supports every file type of OpenAI file search', () => {
    assert.deepEqual(SUPPORTED_EXTENSIONS, [
      '.c', '.cpp', '.cs', '.css', '.doc', '.docx', '.go', '.html', '.java', '.js', '.json', '.md', '.pdf', '.php', '.pptx', '.py', '.rb', '.sh',
      '.tex', '.ts', '.txt',
    ]);
  });

  test('a UTF-8 .txt with a byte-order mark and CRLF becomes clean text', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Hello\r\nworld\r\n', 'utf8')]);
    assert.deepEqual(await parse('notes.txt', bytes), { ok: true, text: 'Hello\nworld\n', format: 'text' });
  });

  test('a UTF-16LE .txt with a byte-order mark is read', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Ünïcode text', 'utf16le')]);
    assert.deepEqual(await parse('notes.txt', bytes), { ok: true, text: 'Ünïcode text', format: 'text' });
  });

  test('an upper-case extension is read like a lower-case one', async () => {
    assert.deepEqual(await parse('README.TXT', 'Read me.'), { ok: true, text: 'Read me.', format: 'text' });
  });

  test('binary content named .txt is not supported', async () => {
    let state = 42;
    const random = Buffer.from(Array.from({ length: 4_096 }, (_, i) => (i % 97 === 0 ? 0 : (state = (state * 48_271) % 2_147_483_647) & 0xff)));
    const outcome = await parse('photo.txt', random);
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.code, 'unsupported_file');
  });

  test('an unknown or missing extension is not supported, and the message lists what is', async () => {
    assert.deepEqual(await parse('photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47])), {
      ok: false,
      code: 'unsupported_file',
      message: `Files of type .png are not supported for file search. Supported types: ${SUPPORTED_EXTENSIONS.join(', ')}.`,
    });
    const outcome = await parse('Makefile', 'all:');
    assert.ok(!outcome.ok && outcome.code === 'unsupported_file' && outcome.message.startsWith('Files without an extension'));
  });

  test('an empty or whitespace-only file is invalid', async () => {
    assert.deepEqual(await parse('empty.md', ''), { ok: false, code: 'invalid_file', message: 'The file is empty.' });
    assert.deepEqual(await parse('blank.txt', ' \r\n\t\n'), { ok: false, code: 'invalid_file', message: 'The file contains no text.' });
    assert.deepEqual(await parse('scripts-only.html', '<script>run()</script>'), {
      ok: false,
      code: 'invalid_file',
      message: 'The file contains no text.',
    });
  });

  test('Markdown keeps its headings and list items', async () => {
    const outcome = await parse('guide.md', '# Heading\n\nIntro.\n\n- first item\n- second item\n');
    assert.ok(outcome.ok);
    assert.equal(outcome.format, 'markdown');
    assert.match(outcome.text, /^# Heading$/m);
    assert.match(outcome.text, /^- first item$/m);
    assert.match(outcome.text, /^- second item$/m);
  });

  test('HTML drops script, style and nav, and keeps a heading in its own case', async () => {
    const html = '<style>p{}</style><nav>Menu</nav><h2>Mixed Case Heading</h2><p>Body.</p><script>alert(1)</script>';
    const outcome = await parse('page.html', html);
    assert.ok(outcome.ok);
    assert.equal(outcome.format, 'html');
    assert.match(outcome.text, /Mixed Case Heading/);
    assert.match(outcome.text, /Body\./);
    for (const absent of ['p{}', 'Menu', 'alert']) assert.ok(!outcome.text.includes(absent));
  });

  test('JSON, code and TeX are indexed as their text, valid JSON or not', async () => {
    assert.deepEqual(await parse('broken.json', '{"a": 1,'), { ok: true, text: '{"a": 1,', format: 'json' });
    assert.deepEqual(await parse('main.py', 'print("hi")\n'), { ok: true, text: 'print("hi")\n', format: 'code' });
    assert.deepEqual(await parse('paper.tex', '\\section{Intro}'), { ok: true, text: '\\section{Intro}', format: 'tex' });
  });
});

describe('createParserRegistry', () => {
  const fakePdf: Parser = {
    format: 'pdf',
    extensions: ['.pdf'],
    content: { signature: Buffer.from('%PDF-'), name: 'a PDF' },
    parse: async () => ({ ok: true, text: 'pdf text', format: 'pdf' }),
  };

  test('a binary format runs only when the content starts with its signature', async () => {
    const registry = createParserRegistry([fakePdf]);
    assert.deepEqual(await registry.parse({ filename: 'a.pdf', bytes: Buffer.from('%PDF-1.7 …') }), { ok: true, text: 'pdf text', format: 'pdf' });
    assert.deepEqual(await registry.parse({ filename: 'a.pdf', bytes: Buffer.from('<!DOCTYPE html><html><body>Not found</body></html>') }), {
      ok: false,
      code: 'invalid_file',
      message: 'The file has a .pdf extension but its content is not a PDF (it looks like HTML).',
    });
  });

  test('two parsers may not claim one extension', () => {
    assert.throws(() => createParserRegistry([fakePdf, { ...fakePdf, format: 'other' }]), /\.pdf/);
  });
});

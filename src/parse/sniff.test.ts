import assert from 'node:assert/strict';
import { test } from 'node:test';
import JSZip from 'jszip';
import { describeContent, wrongContent } from './sniff.js';

test('common contents are recognised for messages', async () => {
  const pptx = await new JSZip().file('ppt/presentation.xml', '<p:presentation/>').generateAsync({ type: 'nodebuffer' });
  const cases: [Buffer, string | undefined][] = [
    [Buffer.from('%PDF-1.7\n'), 'a PDF'],
    [Buffer.from('\n  <!DOCTYPE html><html><body>404</body></html>'), 'HTML'],
    [Buffer.from('<HTML lang="en">'), 'HTML'],
    [Buffer.from('Just a note.'), 'plain text'],
    [pptx, 'a PowerPoint .pptx presentation'],
    [Buffer.from('PK\x03\x04 and then nothing'), 'a ZIP archive'],
    [Buffer.from('d0cf11e0a1b11ae1', 'hex'), 'an Office 97–2003 file such as .doc, .xls or .ppt'],
    [Buffer.from('89504e470d0a1a0a', 'hex'), 'a PNG image'],
    [Buffer.from([0x00, 0x9f, 0x92, 0x96]), undefined],
  ];
  for (const [bytes, description] of cases) assert.equal(describeContent(bytes), description, bytes.toString('latin1'));
});

test('a multi-byte character cut at the 4 KB sniffing limit is still text', () => {
  assert.equal(describeContent(Buffer.from('é'.repeat(3000), 'utf8')), 'plain text');
});

test('the wrong-content message names the extension, the expected format and what the file looks like', () => {
  assert.deepEqual(wrongContent('.pdf', 'a PDF', Buffer.from('<html><body>Not found</body></html>')), {
    ok: false,
    code: 'invalid_file',
    message: 'The file has a .pdf extension but its content is not a PDF (it looks like HTML).',
  });
  assert.equal(wrongContent('.doc', 'a Word 97–2003 document', Buffer.from([0x00, 0x9f])).message, 'The file has a .doc extension but its content is not a Word 97–2003 document.');
});

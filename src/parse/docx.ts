import { htmlToText } from './html.js';
import { parseFailure, type ParseOutcome, type Parser } from './parser.js';
import { openOfficePackage } from './sniff.js';
import { ZIP_SIGNATURE } from './zip-archive.js';

const NAME = 'a Word document';

/** DOCX through mammoth's HTML, so headings, list items and table rows read as lines of their own. */
export const docxParser: Parser = {
  format: 'docx',
  extensions: ['.docx'],
  content: { signature: ZIP_SIGNATURE, name: NAME },
  async parse(bytes, filename): Promise<ParseOutcome> {
    const archive = openOfficePackage(bytes, filename, 'docx', NAME);
    if (!archive.ok) return archive;
    // Loaded on first use, which is inside a parse worker thread.
    const { default: mammoth } = await import('mammoth');
    // Images are left unread: an empty src costs nothing, and the HTML step drops <img> anyway.
    const convertImage = mammoth.images.imgElement(async () => ({ src: '' }));
    let html: string;
    try {
      html = (await mammoth.convertToHtml({ buffer: bytes }, { convertImage })).value;
    } catch (error) {
      // mammoth throws on XML it cannot read: the file's problem, not ours.
      return parseFailure('invalid_file', `The DOCX could not be read: ${(error as Error).message}`);
    }
    return { ok: true, text: htmlToText(html), format: 'docx' };
  },
};

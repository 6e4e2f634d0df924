import { parseFailure, type ParseOutcome, type Parser } from './parser.js';
import { layoutPdfText, type TextRun } from './pdf-layout.js';
import { PDF_SIGNATURE } from './sniff.js';

const NO_TEXT_LAYER = parseFailure('invalid_file', 'The PDF has no text layer (it may be a scanned image); OCR is not supported.');
const PASSWORD_PROTECTED = parseFailure('invalid_file', 'The PDF is password-protected; remove the password and upload it again.');

export const pdfParser: Parser = {
  format: 'pdf',
  extensions: ['.pdf'],
  content: { signature: PDF_SIGNATURE, name: 'a PDF' },
  async parse(bytes): Promise<ParseOutcome> {
    let pages: TextRun[][];
    try {
      pages = await readTextRuns(bytes);
    } catch (error) {
      // Whatever PDF.js throws while reading says the file is unreadable, not that we have a bug.
      if ((error as Error).name === 'PasswordException') return PASSWORD_PROTECTED;
      return parseFailure('invalid_file', `The PDF is damaged and could not be read: ${(error as Error).message}`);
    }
    const text = layoutPdfText(pages);
    return text === '' ? NO_TEXT_LAYER : { ok: true, text, format: 'pdf' };
  },
};

/** The text runs of every page, in page order. Pages are read one at a time and released. */
async function readTextRuns(bytes: Buffer): Promise<TextRun[][]> {
  // Loaded on first use, which is inside a parse worker thread.
  const { getDocumentProxy } = await import('unpdf');
  const pdf = await getDocumentProxy(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { verbosity: 0 });
  try {
    const pages: TextRun[][] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const { items } = await page.getTextContent();
      pages.push(
        items.flatMap((item) => {
          if (!('str' in item)) return [];
          const [, , c, d, x, y] = item.transform as number[];
          // The font size is the length of the text matrix's vertical axis.
          return [{ text: item.str, x, y, width: item.width, fontSize: Math.hypot(c, d) || item.height, endsLine: item.hasEOL }];
        }),
      );
      await page.cleanup();
    }
    return pages;
  } finally {
    await pdf.destroy();
  }
}

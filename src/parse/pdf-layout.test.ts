import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layoutPdfText, type TextRun } from './pdf-layout.js';

// A4 in PDF units; body text at 11 pt with single spacing (12.8 pt between baselines) like LibreOffice's.
const LINE = 12.8;

function makeRun(text: string, x: number, y: number, overrides: Partial<TextRun> = {}): TextRun {
  return { text, x, y, width: text.length * 5.5, fontSize: 11, endsLine: true, ...overrides };
}

/** One run per line from `top` down, at single spacing; '' leaves a paragraph gap. */
function makeLines(top: number, lines: string[]): TextRun[] {
  let y = top;
  return lines.flatMap((text) => {
    if (text === '') {
      y -= 7;
      return [];
    }
    const run = makeRun(text, 72, y);
    y -= LINE;
    return [run];
  });
}

function makePage(number: number, body: string[]): TextRun[] {
  return [makeRun('Northern Rivers Survey: internal draft', 72, 789), ...makeLines(744, body), makeRun(`Page ${number} of 3`, 280, 45)];
}

test('runs on one baseline join into a line, with a space only where the PDF left a gap', () => {
  const runs = [
    makeRun('Otters', 72, 700, { width: 33, endsLine: false }),
    makeRun('fish', 108, 700, { width: 20, endsLine: false }), // 3 pt gap: an undrawn space
    makeRun('ing', 128, 700, { width: 15, endsLine: false }), // touching: the same word
    makeRun('¹', 143, 704, { fontSize: 7, width: 3 }), // a footnote mark, raised on the same line
    makeRun('at dusk', 72, 700 - LINE),
  ];
  assert.equal(layoutPdfText([runs]), 'Otters fishing¹\nat dusk');
});

test('an end-of-line run that PDF.js places where the next line starts only ends the line', () => {
  const runs = [makeRun('Heading', 72, 744, { fontSize: 18, endsLine: false }), makeRun('', 72, 724, { endsLine: true }), makeRun('Body text.', 72, 724)];
  assert.equal(layoutPdfText([runs]), 'Heading\n\nBody text.');
});

test('a gap between baselines or a change of font size starts a paragraph', () => {
  const runs = [
    makeRun('Observations', 72, 744, { fontSize: 14 }),
    ...makeLines(725, ['Volunteers recorded', 'three kinds of sign.', '', 'Spraint below the weir.']),
  ];
  assert.equal(layoutPdfText([runs]), 'Observations\n\nVolunteers recorded\nthree kinds of sign.\n\nSpraint below the weir.');
});

test('headers and footers repeated on most pages go, page numbers and all; a heading under them stays', () => {
  const pages = [
    makePage(1, ['Chapter 1', '', 'The otters returned in spring.']),
    makePage(2, ['Chapter 2', '', 'They raised two cubs.']),
    makePage(3, ['Chapter 3', '', 'Both cubs left in autumn.']),
  ];
  assert.equal(
    layoutPdfText(pages),
    ['Chapter 1\n\nThe otters returned in spring.', 'Chapter 2\n\nThey raised two cubs.', 'Chapter 3\n\nBoth cubs left in autumn.'].join('\n\n'),
  );
});

test('a line at the edge of only some pages is kept', () => {
  const pages = [makePage(1, ['Otters']), makePage(2, ['Herons']), [makeRun('Appendix: otters and herons', 72, 744)]];
  // The header and footer are on two pages of three: most of them, so they go; "Appendix" is on one.
  assert.equal(layoutPdfText(pages), 'Otters\n\nHerons\n\nAppendix: otters and herons');
});

test('a single page keeps its first and last lines', () => {
  assert.equal(layoutPdfText([makePage(1, ['Only page.'])]), 'Northern Rivers Survey: internal draft\n\nOnly page.\n\nPage 1 of 3');
});

test('a word hyphenated at a line end is joined; a hyphen before a capital stays', () => {
  const runs = makeLines(700, ['Teams shared infor-', 'mation with the Anglo-', 'Saxon archive.']);
  assert.equal(layoutPdfText([runs]), 'Teams shared information with the Anglo-\nSaxon archive.');
});

test('pages keep their order, separated by a blank line, and a page without text adds nothing', () => {
  assert.equal(layoutPdfText([makeLines(700, ['first page']), [], makeLines(700, ['third page'])]), 'first page\n\nthird page');
});

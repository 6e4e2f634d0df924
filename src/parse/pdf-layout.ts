/**
 * One piece of text as a PDF page draws it. Positions are in PDF units (1/72 inch) with y growing
 * upwards; `endsLine` is PDF.js's `hasEOL`.
 */
export type TextRun = { text: string; x: number; y: number; width: number; fontSize: number; endsLine: boolean };

type Line = { text: string; y: number; fontSize: number };

// Thresholds in multiples of the font size.
// A run this far off the line's baseline starts a new line (a superscript stays on its line).
const NEW_LINE_SHIFT = 0.5;
// A horizontal gap this wide between two runs is a space the PDF did not draw.
const SPACE_GAP = 0.15;
// Baselines this far apart have a blank between them: single spacing is ~1.15, a paragraph gap ~1.7.
const PARAGRAPH_GAP = 1.4;
// A font size change of this share (a heading, a caption) starts a paragraph.
const FONT_CHANGE = 0.15;

/**
 * Turns the text runs of each page into readable text: runs joined into lines, lines into paragraphs
 * (a blank line between them), headers and footers repeated across pages removed, words hyphenated at
 * a line end joined again. Pages are separated by a blank line.
 */
export function layoutPdfText(pages: TextRun[][]): string {
  const text = withoutRunningLines(pages.map(assembleLines))
    .map(pageText)
    .filter((page) => page !== '')
    .join('\n\n');
  // "infor-\nmation" is one word that the layout split; only a lower-case continuation counts, so
  // "Anglo-\nSaxon" keeps its hyphen.
  return text.replace(/(\p{L})[-\u00ad\u2010]\n(?=\p{Ll})/gu, '$1');
}

function assembleLines(runs: TextRun[]): Line[] {
  const lines: Line[] = [];
  let open: (Line & { right: number }) | undefined;
  const close = () => {
    const text = open?.text.replace(/\s+/g, ' ').trim();
    if (open && text) lines.push({ text, y: open.y, fontSize: open.fontSize });
    open = undefined;
  };
  for (const run of runs) {
    // PDF.js places an empty end-of-line run where the next line starts: only its flag counts.
    if (run.text !== '') {
      if (open && Math.abs(run.y - open.y) > NEW_LINE_SHIFT * Math.max(run.fontSize, open.fontSize)) close();
      if (open === undefined) {
        open = { text: run.text, y: run.y, fontSize: run.fontSize, right: run.x + run.width };
      } else {
        const spaced = /\s$/.test(open.text) || /^\s/.test(run.text);
        if (!spaced && run.x - open.right > SPACE_GAP * run.fontSize) open.text += ' ';
        open.text += run.text;
        open.right = run.x + run.width;
        open.fontSize = Math.max(open.fontSize, run.fontSize);
      }
    }
    if (run.endsLine) close();
  }
  close();
  return lines;
}

function pageText(lines: Line[]): string {
  return lines.map((line, i) => (i === 0 ? '' : startsParagraph(lines[i - 1], line) ? '\n\n' : '\n') + line.text).join('');
}

function startsParagraph(previous: Line, line: Line): boolean {
  const size = Math.max(previous.fontSize, line.fontSize);
  const drop = previous.y - line.y;
  // A line above the previous one starts a new column or text box.
  return drop < 0 || drop > PARAGRAPH_GAP * size || Math.abs(previous.fontSize - line.fontSize) > FONT_CHANGE * size;
}

/**
 * Removes running headers and footers: a line at the top or bottom edge of a page whose text is at
 * that edge on most pages. The edge is the outermost line, and the line next to it when the two sit
 * as close as lines of one paragraph (a two-line header). Page numbers change from page to page, so
 * the outermost line, where they sit, is compared with its digits masked; the inner one must match
 * exactly.
 */
function withoutRunningLines(pages: Line[][]): Line[][] {
  if (pages.length < 2) return pages;
  const edges = pages.map(edgeKeys);
  const pagesWithKey = new Map<string, number>();
  for (const keys of edges) {
    for (const key of new Set(keys.values())) pagesWithKey.set(key, (pagesWithKey.get(key) ?? 0) + 1);
  }
  const isRunning = (key: string | undefined) => key !== undefined && (pagesWithKey.get(key) ?? 0) * 2 > pages.length;
  return pages.map((lines, i) => lines.filter((line) => !isRunning(edges[i].get(line))));
}

function edgeKeys(lines: Line[]): Map<Line, string> {
  const fromTop = [...lines].sort((a, b) => b.y - a.y);
  const sides = [fromTop.slice(0, 2), fromTop.slice(-2).reverse()];
  const keys = new Map<Line, string>();
  for (const [outer, inner] of sides) {
    if (inner === undefined) continue;
    const [upper, lower] = outer.y > inner.y ? [outer, inner] : [inner, outer];
    if (!startsParagraph(upper, lower)) keys.set(inner, inner.text.toLowerCase());
  }
  // Set last, so that on a page of one or two lines the outermost rule wins.
  for (const [outer] of sides) if (outer !== undefined) keys.set(outer, outer.text.toLowerCase().replace(/\d+/g, '#'));
  return keys;
}

// PresentationML read with patterns rather than a DOM: the parts are machine-written with fixed
// prefixes (p: for shapes, a: for text), and we need only their text.

/** A slide's text: the title placeholder's paragraphs and every other shape's, in the order of the XML. */
export type SlideText = { title: string[]; body: string[] };

// <p:sp> (a shape) and <p:graphicFrame> (a table) never nest in themselves, so the first close ends them.
const SHAPE = /<p:(sp|graphicFrame)\b[\s\S]*?<\/p:\1>/g;
const PLACEHOLDER_TYPE = /<p:ph\b[^>]*?\btype="([^"]+)"/;
// An <a:p/> with no text is self-closing; matching it separately keeps it from swallowing the next paragraph.
const PARAGRAPH = /<a:p(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/a:p>)/g;
const RUN_OR_BREAK = /<a:br\b[^>]*>|<a:t(?:\s[^>]*)?>([\s\S]*?)<\/a:t>/g;
const TITLES = new Set(['title', 'ctrTitle']);
// Slide number, date, footer and header placeholders repeat on every slide and say nothing.
const CHROME = new Set(['sldNum', 'dt', 'ftr', 'hdr']);

export function readSlide(xml: string): SlideText {
  const slide: SlideText = { title: [], body: [] };
  for (const [shape] of xml.matchAll(SHAPE)) {
    const type = PLACEHOLDER_TYPE.exec(shape)?.[1];
    if (type !== undefined && CHROME.has(type)) continue;
    (type !== undefined && TITLES.has(type) ? slide.title : slide.body).push(...paragraphs(shape));
  }
  return slide;
}

/** The speaker notes of a notes slide: its body placeholder (the rest is the slide image and its number). */
export function readNotes(xml: string): string[] {
  return [...xml.matchAll(SHAPE)].filter(([shape]) => PLACEHOLDER_TYPE.exec(shape)?.[1] === 'body').flatMap(([shape]) => paragraphs(shape));
}

/** The target of a slide's notesSlide relationship, as written in its `_rels` part (relative to the slide). */
export function notesTarget(relsXml: string): string | undefined {
  for (const [relationship] of relsXml.matchAll(/<Relationship\b[^>]*>/g)) {
    if (/\bType="[^"]*\/notesSlide"/.test(relationship)) return /\bTarget="([^"]+)"/.exec(relationship)?.[1];
  }
  return undefined;
}

function paragraphs(xml: string): string[] {
  return [...xml.matchAll(PARAGRAPH)]
    .map(([, inner = '']) => [...inner.matchAll(RUN_OR_BREAK)].map(([, run]) => (run === undefined ? '\n' : decodeXml(run))).join('').trim())
    .filter((paragraph) => paragraph !== '');
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]+|#\d+|\w+);/g, (entity, name: string) => {
    if (!name.startsWith('#')) return ENTITIES[name] ?? entity;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

import { posix } from 'node:path';
import { parseFailure, type ParseOutcome, type Parser } from './parser.js';
import { openOfficePackage } from './sniff.js';
import { notesTarget, readNotes, readSlide } from './slide-xml.js';
import { ZIP_SIGNATURE } from './zip-archive.js';

const NAME = 'a PowerPoint presentation';
const SLIDE_PART = /^ppt\/slides\/slide(\d+)\.xml$/;
// Slides, notes slides and their relationships: all the parser reads.
const SLIDE_OR_NOTES_PART = /^ppt\/(slides|notesSlides)\/(_rels\/)?[^/]+\.(xml|rels)$/;

/**
 * PPTX slide by slide, in the order of the slide parts' numbers. Each slide reads
 * "Slide N: title", its other text a paragraph per line, then "Notes: …"; a blank line separates slides.
 */
export const pptxParser: Parser = {
  format: 'pptx',
  extensions: ['.pptx'],
  content: { signature: ZIP_SIGNATURE, name: NAME },
  async parse(bytes, filename): Promise<ParseOutcome> {
    const archive = openOfficePackage(bytes, filename, 'pptx', NAME);
    if (!archive.ok) return archive;
    const slideParts = [...archive.names]
      .map((name) => SLIDE_PART.exec(name))
      .filter((match) => match !== null)
      .sort((a, b) => Number(a[1]) - Number(b[1]))
      .map(([name]) => name);
    // Loaded on first use, which is inside a parse worker thread.
    const { default: JSZip } = await import('jszip');
    let parts: Map<string, string>;
    try {
      const zip = await JSZip.loadAsync(bytes);
      const wanted = [...archive.names].filter((name) => SLIDE_OR_NOTES_PART.test(name));
      parts = new Map(await Promise.all(wanted.map(async (name) => [name, (await zip.file(name)?.async('string')) ?? ''] as const)));
    } catch (error) {
      // JSZip throws on a package it cannot unpack: the file's problem, not ours.
      return parseFailure('invalid_file', `The PPTX could not be read: ${(error as Error).message}`);
    }
    const read = (name: string) => parts.get(name) ?? '';
    const slides = slideParts.map((part, index) => {
      const slide = readSlide(read(part));
      const target = notesTarget(read(relsPartOf(part)));
      const notes = target === undefined ? [] : readNotes(read(resolveTarget(part, target)));
      return slideText(index + 1, slide.title, slide.body, notes);
    });
    return { ok: true, text: slides.filter((slide) => slide !== '').join('\n\n'), format: 'pptx' };
  },
};

/** ppt/slides/slide3.xml → ppt/slides/_rels/slide3.xml.rels */
function relsPartOf(part: string): string {
  return posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
}

/** A relationship target is relative to its source part's folder, or absolute from the package root. */
function resolveTarget(part: string, target: string): string {
  return target.startsWith('/') ? target.slice(1) : posix.join(posix.dirname(part), target);
}

/** Empty for a slide without any text. */
function slideText(number: number, title: string[], body: string[], notes: string[]): string {
  if (title.length + body.length + notes.length === 0) return '';
  const heading = title.length > 0 ? `Slide ${number}: ${title.join(' ')}` : `Slide ${number}`;
  return [heading, ...body, ...(notes.length > 0 ? [`Notes: ${notes.join('\n')}`] : [])].join('\n');
}

import type { SourceList } from './file-search.js';

/** A cited file and the character offset in the answer where the citation stands. */
export type Citation = { fileId: string; filename: string; index: number };

// `[1]`, `[1, 3]`, `[1][2]` and the full-width brackets some models copy from OpenAI's own style (`【1】`).
const MARKER = /[[【]\s*(\d+(?:\s*[,;]\s*\d+)*)\s*[\]】]/g;

/**
 * The files an answer cites. Each bracketed number that names a source becomes a citation at the
 * offset of its marker. An answer that cites nothing in brackets still drew on what it was given, so
 * then every file it was given is cited once, at the end.
 */
export function extractCitations(text: string, sources: SourceList): Citation[] {
  const citations: Citation[] = [];
  const seen = new Set<string>();
  for (const match of text.matchAll(MARKER)) {
    for (const number of match[1]!.split(/[,;]/)) {
      const file = sources.file(Number(number.trim()));
      const key = `${file?.fileId}@${match.index}`;
      if (!file || seen.has(key)) continue;
      seen.add(key);
      citations.push({ fileId: file.fileId, filename: file.filename, index: match.index! });
    }
  }
  if (citations.length > 0 || text === '') return citations;
  return sources.files.map((file) => ({ ...file, index: text.length }));
}

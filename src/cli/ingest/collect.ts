import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join, relative, resolve } from 'node:path';
import { SUPPORTED_EXTENSIONS } from '../../parse/registry.js';
import { LIMITS } from '../../services/limits.js';
import { globPrefix, globToRegExp, isGlob } from './glob.js';

/** A file to ingest: where it is, how it is shown (relative to the working directory) and its size. */
export type FoundFile = { path: string; shown: string; bytes: number };
/** A file left out, and why, in words for the summary. */
export type SkippedFile = { shown: string; reason: string };
export type Collection = { files: FoundFile[]; skipped: SkippedFile[] };

const MB = 1024 * 1024;

/** Why the server would refuse a file of this name and size, judged without reading it; undefined if it would not. */
export function refusalBySize(name: string, bytes: number): string | undefined {
  const extension = extname(name).toLowerCase();
  if (extension === '') return 'no extension';
  if (!SUPPORTED_EXTENSIONS.includes(extension)) return `unsupported type ${extension}`;
  if (bytes === 0) return 'empty';
  if (bytes > LIMITS.fileBytes) return `larger than ${LIMITS.fileBytes / MB} MB`;
  return undefined;
}

type Walked = { path: string; below: string };

/** Files under `dir` (following symlinks to files), with their `/`-separated path below it. Hidden entries are reported, not entered. */
async function* walk(dir: string, onHidden: (path: string) => void, below = ''): AsyncGenerator<Walked> {
  const entries: Dirent[] = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const name = below === '' ? entry.name : `${below}/${entry.name}`;
    if (entry.name.startsWith('.')) {
      onHidden(path);
      continue;
    }
    // A symlinked directory could loop back on the tree, so only symlinked files are followed.
    const isFile = entry.isFile() || (entry.isSymbolicLink() && (await stat(path).then((s) => s.isFile(), () => false)));
    if (entry.isDirectory()) yield* walk(path, onHidden, name);
    else if (isFile) yield { path, below: name };
  }
}

/**
 * Expands the paths and globs of the command line into the files to ingest, in a stable order, and
 * sets aside what the server would refuse by name or size. A path that does not exist, or a glob that
 * matches nothing, is an error: a typo should not look like an empty folder.
 */
export async function collectFiles(args: string[], cwd = process.cwd()): Promise<Collection> {
  const files: FoundFile[] = [];
  const skipped: SkippedFile[] = [];
  const seen = new Set<string>();
  const shown = (path: string) => relative(cwd, path) || path;

  const consider = async (path: string, bytes?: number) => {
    if (seen.has(path)) return;
    seen.add(path);
    const size = bytes ?? (await stat(path)).size;
    const reason = refusalBySize(path, size);
    if (reason === undefined) files.push({ path, shown: shown(path), bytes: size });
    else skipped.push({ shown: shown(path), reason });
  };
  const hidden = (path: string) => {
    if (!seen.has(path)) skipped.push({ shown: shown(path), reason: 'hidden' });
    seen.add(path);
  };

  for (const arg of args) {
    if (isGlob(arg)) {
      const prefix = globPrefix(arg);
      const pattern = globToRegExp(arg);
      let matched = 0;
      const dir = resolve(cwd, prefix || '.');
      const exists = await stat(dir).then((s) => s.isDirectory(), () => false);
      // Inside a glob, hidden entries are simply not selected, as in a shell.
      if (exists) {
        for await (const file of walk(dir, () => {})) {
          if (!pattern.test(prefix + file.below)) continue;
          matched++;
          await consider(file.path);
        }
      }
      if (matched === 0) throw new Error(`no files match ${arg}`);
      continue;
    }
    const path = resolve(cwd, arg);
    const info = await stat(path).catch(() => undefined);
    if (info === undefined) throw new Error(`no such file or directory: ${arg}`);
    if (info.isDirectory()) {
      for await (const file of walk(path, hidden)) await consider(file.path);
    } else await consider(path, info.size);
  }
  return { files, skipped };
}

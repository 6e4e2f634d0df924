import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tempPathFor } from '../storage/fs/temp-files.js';

/**
 * Where a store's HNSW index is saved: `<dir>/<storeId>.<epoch>.<mark>.<format>.usearch`. The name carries
 * the deletion epoch and the high-water chunk id the file covers, so one rename publishes file and mark
 * together; `format` names how vectors are stored, so a file of an older layout is rebuilt, not misread.
 */
export type SavedIndex = { path: string; epoch: number; mark: number };

const FORMAT = 'i8s';
const NAME = new RegExp(`^(.+)\\.(\\d+)\\.(\\d+)\\.${FORMAT}\\.usearch$`);
/** Any saved index, of any format: what publishing a new one replaces. */
const ANY_NAME = /^(.+?)\.\d+\.\d+\.(?:.+\.)?usearch$/;

/** The newest saved index of `storeId` in `dir`, if any. */
export function findSavedIndex(dir: string, storeId: string): SavedIndex | null {
  let best: SavedIndex | null = null;
  for (const name of listDir(dir)) {
    const parts = NAME.exec(name);
    if (!parts || parts[1] !== storeId) continue;
    const saved = { path: join(dir, name), epoch: Number(parts[2]), mark: Number(parts[3]) };
    if (!best || saved.epoch > best.epoch || (saved.epoch === best.epoch && saved.mark > best.mark)) best = saved;
  }
  return best;
}

/** Saves through `write` under a temporary name, publishes it by rename, then removes the store's older files. */
export function publishIndex(dir: string, storeId: string, epoch: number, mark: number, write: (path: string) => void): void {
  mkdirSync(dir, { recursive: true });
  const temporary = tempPathFor(join(dir, storeId));
  write(temporary);
  const name = `${storeId}.${epoch}.${mark}.${FORMAT}.usearch`;
  renameSync(temporary, join(dir, name));
  for (const other of listDir(dir)) {
    if (other !== name && ANY_NAME.exec(other)?.[1] === storeId) rmSync(join(dir, other), { force: true });
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

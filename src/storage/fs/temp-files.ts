import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Files are written under a temporary name beside their target and renamed into place. A process that
// dies mid-write leaves its temporary file behind; the name says which process wrote it.

const TEMP = /\.(\d+)-[0-9a-f]+\.tmp$/;

/** A temporary name for `target` in the same directory, carrying this process's pid. */
export function tempPathFor(target: string): string {
  return `${target}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes, under each of `dirs`, the temporary files older than `startedAtMs` that no running process
 * is writing (another process sharing the data directory may be mid-write). Returns what it removed.
 */
export function removeStaleTempFiles(dirs: string[], startedAtMs: number): { files: number; bytes: number } {
  const removed = { files: 0, bytes: 0 };
  const visit = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        visit(path);
        continue;
      }
      if (!entry.name.endsWith('.tmp')) continue;
      const writer = TEMP.exec(entry.name)?.[1];
      if (writer !== undefined && Number(writer) !== process.pid && isRunning(Number(writer))) continue;
      const stats = statSync(path, { throwIfNoEntry: false });
      if (!stats || stats.mtimeMs >= startedAtMs) continue;
      rmSync(path, { force: true });
      removed.files += 1;
      removed.bytes += stats.size;
    }
  };
  for (const dir of dirs) visit(dir);
  return removed;
}

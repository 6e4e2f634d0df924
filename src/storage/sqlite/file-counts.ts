import type { FileCounts, StoreFileStatus } from '../store.js';

type CountRow = { status: StoreFileStatus; n: number };

export const emptyCounts = (): FileCounts => ({ inProgress: 0, completed: 0, failed: 0, cancelled: 0, total: 0 });

const FIELD: Record<StoreFileStatus, keyof Omit<FileCounts, 'total'>> = {
  in_progress: 'inProgress',
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
};

/** Folds `SELECT status, count(*) AS n ... GROUP BY status` rows into counts that always add up. */
export function toCounts(rows: CountRow[]): FileCounts {
  const counts = emptyCounts();
  for (const { status, n } of rows) {
    counts[FIELD[status]] += n;
    counts.total += n;
  }
  return counts;
}

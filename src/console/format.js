// How numbers and times read in the console.
const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Bytes in powers of 1,000, as the API's usage figures are plain byte counts. */
export function formatBytes(bytes) {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

/** A unix time in seconds as a local date and time. */
export function formatTime(seconds) {
  return seconds ? new Date(seconds * 1000).toLocaleString() : '—';
}

export function formatScore(score) {
  return score.toFixed(4);
}

/** Attributes as one short line: `team=docs, year=2024`. */
export function formatAttributes(attributes) {
  const entries = Object.entries(attributes ?? {});
  return entries.length === 0 ? '—' : entries.map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(', ');
}

/** A store's embedder, `test hash-256 (256-d)`. */
export function formatEmbedder(embedder) {
  return embedder ? `${embedder.provider} ${embedder.model} (${embedder.dimension}-d)` : '—';
}

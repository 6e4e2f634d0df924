import { normalize } from './normalize.js';

/**
 * Splits a text into windows of `windowWords` whitespace-separated words, each overlapping the one
 * before by about a sixth. The last window ends at the last word and is full length. A text of up to
 * `windowWords` words, or any text when `windowWords` is 0, is one window: the text itself.
 */
export function splitIntoWindows(text: string, windowWords: number): string[] {
  const words = text.split(/\s+/).filter((word) => word.length > 0);
  if (windowWords <= 0 || words.length <= windowWords) return [text];
  const step = windowWords - Math.round(windowWords / 6);
  const windows: string[] = [];
  for (let start = 0; start + windowWords < words.length; start += step) {
    windows.push(words.slice(start, start + windowWords).join(' '));
  }
  windows.push(words.slice(-windowWords).join(' '));
  return windows;
}

/**
 * Embeds each text as the mean of its windows' vectors, re-normalised: for models that read only the
 * start of a long text. All windows of all texts go to `embedBatch` in one call; results keep input order.
 */
export async function embedInWindows(
  texts: string[],
  windowWords: number,
  embedBatch: (texts: string[]) => Promise<Float32Array[]>,
): Promise<Float32Array[]> {
  const windowsPerText = texts.map((text) => splitIntoWindows(text, windowWords));
  const vectors = await embedBatch(windowsPerText.flat());
  let next = 0;
  return windowsPerText.map((windows) => {
    const mean = new Float32Array(vectors[next].length);
    for (const vector of vectors.slice(next, next + windows.length)) {
      for (let i = 0; i < mean.length; i++) mean[i] += vector[i];
    }
    next += windows.length;
    return normalize(mean);
  });
}

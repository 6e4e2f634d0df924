// The local rewrite behind `rewrite_query: true`: the question shorn of its conversational wrapping,
// content words kept in order and case. Deterministic, so the same query always searches the same way.

// Openings that ask rather than describe, dropped from the front one after another
// ("please, can you tell me what is X" → "X"). Lower case, apostrophes straight.
const LEADING_FILLER = [
  'please', 'kindly', 'can you tell me', 'could you tell me', 'can you', 'could you', 'would you', 'will you',
  'tell me about', 'tell me', 'show me', 'explain', 'i want to know', 'i would like to know', "i'd like to know",
  'do you know', 'what is', 'what are', 'what was', 'what were', "what's", 'whats', 'what', 'which',
  'who is', 'who are', 'who was', 'who', 'how do i', 'how can i', 'how to',
]
  .map((phrase) => phrase.split(' '))
  .sort((a, b) => b.length - a.length);

// An article right after a question opening belongs to the question ("what's the policy" → "policy").
const ARTICLES = new Set(['the', 'a', 'an']);

// Words that carry no meaning wherever they stand.
const FILLER_WORDS = new Set(['please', 'kindly', 'exactly', 'actually', 'basically']);

// Sentence punctuation and quotes around the whole query. Brackets and symbols stay: `(v2.0)`, `C#`, `C++`.
const EDGES = /^[\s?!¿¡.,;:…"'“”‘’«»„]+|[\s?!¿¡.,;:…"'“”‘’«»„]+$/gu;
const WORD_EDGES = /^\p{P}+|\p{P}+$/gu;

export function rewriteQuery(query: string): string {
  const words = query.normalize('NFKC').replace(EDGES, '').split(/\s+/);
  const keys = words.map((word) => word.toLowerCase().replaceAll('’', "'").replace(WORD_EDGES, ''));
  let start = 0;
  for (let phrase = leadingFiller(keys, start); phrase > 0; phrase = leadingFiller(keys, start)) start += phrase;
  if (start > 0) while (start < keys.length - 1 && ARTICLES.has(keys[start]!)) start++;
  const rewritten = words
    .filter((_, i) => i >= start && !FILLER_WORDS.has(keys[i]!))
    .join(' ')
    .replace(EDGES, '');
  // Nothing but filler ("please?"): searching for the original beats searching for nothing.
  return rewritten === '' ? query.trim() : rewritten;
}

// How many words of the longest filler phrase at `start`, or 0.
function leadingFiller(keys: string[], start: number): number {
  const phrase = LEADING_FILLER.find((words) => words.every((word, i) => keys[start + i] === word));
  return phrase === undefined ? 0 : phrase.length;
}

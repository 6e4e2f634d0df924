// How much of a search query is used, so that one query costs a bounded amount whatever its size: its
// embedding and its keyword lookup take time that grows with its length, every search of the store
// waits behind that time on a busy embedder, and a model reads only the start of a long text anyway.

/** Characters of each query string that are embedded. */
export const EMBEDDED_QUERY_CHARACTERS = 1_000;
/** Characters of each query string that keyword terms are read from. */
export const KEYWORD_QUERY_CHARACTERS = 10_000;
/** Longest keyword term: a longer run of letters or digits is cut to this. */
export const MAX_TERM_CHARACTERS = 64;

/** The start of `query` that is embedded, cut at a word boundary where one is near. */
export function textToEmbed(query: string): string {
  if (query.length <= EMBEDDED_QUERY_CHARACTERS) return query;
  const cut = query.slice(0, EMBEDDED_QUERY_CHARACTERS);
  const lastSpace = cut.search(/\s\S*$/);
  return lastSpace > EMBEDDED_QUERY_CHARACTERS / 2 ? cut.slice(0, lastSpace) : cut;
}

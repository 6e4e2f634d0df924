import type { SearchBody } from '../api/requests.js';
import type { SearchHit, SearchService } from '../services/search-service.js';
import type { VectorStoreService } from '../services/vector-store-service.js';

/** What a `file_search` tool of a request asks for, in our words. */
export type FileSearchSettings = {
  storeIds: string[];
  maxResults: number;
  filters: unknown;
  rankingOptions: SearchBody['ranking_options'];
};

/** The function the upstream model sees; Trove runs it. */
export const FILE_SEARCH_FUNCTION = {
  type: 'function',
  function: {
    name: 'file_search',
    description: "Search the user's documents. Returns numbered passages; cite them in your answer by their number in brackets, like [1].",
    parameters: {
      type: 'object',
      properties: { queries: { type: 'array', items: { type: 'string' }, description: 'One or more search queries, in the words the documents would use.' } },
      required: ['queries'],
    },
  },
} as const;

/**
 * The queries of one tool call. Small models send `{"query": "..."}`, a bare string, or arguments that
 * are not JSON at all; each counts as a query rather than as an error, since the search still helps.
 */
export function queriesOf(argumentsText: string, fallback: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(argumentsText);
  } catch {
    parsed = argumentsText;
  }
  const raw: unknown[] = typeof parsed === 'string' ? [parsed]
    : parsed && typeof parsed === 'object' ? [(parsed as { queries?: unknown }).queries, (parsed as { query?: unknown }).query].flat()
    : [];
  const queries = raw.filter((q): q is string => typeof q === 'string' && q.trim() !== '').map((q) => q.trim());
  return queries.length > 0 ? queries.slice(0, 8) : [fallback];
}

/** Passages numbered by file: every passage of one file carries that file's number, so a citation names a file. */
export class SourceList {
  private readonly numbers = new Map<string, number>();
  readonly files: Array<{ fileId: string; filename: string }> = [];

  numberOf(hit: SearchHit): number {
    let n = this.numbers.get(hit.fileId);
    if (n === undefined) {
      this.files.push({ fileId: hit.fileId, filename: hit.filename });
      n = this.files.length;
      this.numbers.set(hit.fileId, n);
    }
    return n;
  }

  /** The file a citation number names, if any. */
  file(n: number): { fileId: string; filename: string } | undefined {
    return this.files[n - 1];
  }

  /** Search results as the text the model reads. */
  describe(hits: SearchHit[]): string {
    if (hits.length === 0) return 'No passages matched.';
    return hits.map((hit) => `[${this.numberOf(hit)}] ${hit.filename}\n${hit.text}`).join('\n\n');
  }
}

export function createFileSearch(search: SearchService, vectorStores: VectorStoreService) {
  return {
    /** Fails (404, as the search route) unless every store exists for the project and is active. */
    async checkStores(projectId: string, settings: FileSearchSettings): Promise<void> {
      for (const storeId of settings.storeIds) await vectorStores.requireActive(projectId, storeId);
    },

    /** Searches every store of the tool with all queries and keeps the best `maxResults` passages. */
    async run(projectId: string, settings: FileSearchSettings, queries: string[]): Promise<SearchHit[]> {
      const body: SearchBody = {
        query: queries,
        max_num_results: settings.maxResults,
        filters: settings.filters ?? undefined,
        ranking_options: settings.rankingOptions,
      };
      const perStore = await Promise.all(settings.storeIds.map((storeId) => search.search(projectId, storeId, body)));
      return perStore
        .flatMap((outcome) => outcome.hits)
        .sort((a, b) => b.score - a.score)
        .slice(0, settings.maxResults);
    },
  };
}

export type FileSearch = ReturnType<typeof createFileSearch>;

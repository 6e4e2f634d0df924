import { Command, InvalidArgumentError } from 'commander';
import { filterArgument, resultCountArgument } from './arguments.js';
import type { VectorStoreSearchParams, VectorStoreSearchResponse } from 'openai/resources/vector-stores/vector-stores';
import { createClient, withConnection, type ConnectionFlags } from './connection.js';
import { resolveStore } from './store-ref.js';
import { printJson, renderTable } from './output.js';

type Flags = ConnectionFlags & { json?: boolean; filter?: VectorStoreSearchParams['filters']; k: number; threshold?: number };

function score(text: string): number {
  const value = Number(text);
  if (!(value >= 0 && value <= 1)) throw new InvalidArgumentError('expected a number from 0 to 1.');
  return value;
}

/** One line of a chunk, cut to fit beside the score and filename. */
const snippet = (text: string, width: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
};

export function searchCommand(): Command {
  return withConnection(new Command('search'))
    .description('Search a vector store (hybrid keyword and semantic search) and print the best chunks first.')
    .argument('<store>', 'store name or id')
    .argument('<query>', 'what to look for')
    .option('--filter <json>', 'attribute filter, as in the API (comparison or compound filter)', filterArgument)
    .option('-k, --max-results <n>', 'how many results (1 to 50)', resultCountArgument, 10)
    .option('--threshold <score>', 'drop results scoring below this (0 to 1)', score)
    .option('--json', 'print the results page as JSON')
    .addHelpText(
      'after',
      `
Examples:
  trove search handbook "how do I reset my password?"
  trove search handbook "vacation policy" -k 3 --filter '{"type":"eq","key":"lang","value":"en"}'
  trove search vs_0123abcd "refunds" --json | jq '.data[0].content[0].text'`,
    )
    .action(async (ref: string, query: string, flags: Flags & { maxResults: number }) => {
      const client = createClient(flags);
      const store = await resolveStore(client, ref);
      const params: VectorStoreSearchParams = { query, max_num_results: flags.maxResults };
      if (flags.filter) params.filters = flags.filter;
      if (flags.threshold !== undefined) params.ranking_options = { score_threshold: flags.threshold };
      // The page exactly as the server sent it, so --json shows every field.
      const page = (await (await client.vectorStores.search(store.id, params).asResponse()).json()) as { data: VectorStoreSearchResponse[] };
      if (flags.json) return printJson(page);
      if (page.data.length === 0) return void process.stdout.write('no results\n');
      const textWidth = Math.max(40, (process.stdout.columns || 120) - 50);
      process.stdout.write(
        renderTable(page.data, [
          { heading: 'SCORE', cell: (r) => r.score.toFixed(3), align: 'right' },
          { heading: 'FILENAME', cell: (r) => r.filename },
          { heading: 'TEXT', cell: (r) => snippet(r.content.map((c) => c.text).join(' '), textWidth) },
        ]),
      );
    });
}

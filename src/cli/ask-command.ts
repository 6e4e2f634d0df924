import { Command } from 'commander';
import { filterArgument, resultCountArgument } from './arguments.js';
import type { FileSearchTool, Response } from 'openai/resources/responses/responses';
import { createClient, withConnection, type ConnectionFlags } from './connection.js';
import { printJson } from './output.js';
import { resolveStore } from './store-ref.js';

type Flags = ConnectionFlags & { model: string; maxResults: number; filter?: object; json?: boolean };

/** The files the answer cites, in the order first cited, each once. */
function citedFiles(response: Response): Array<{ fileId: string; filename: string }> {
  const cited = new Map<string, string>();
  for (const item of response.output) {
    if (item.type !== 'message') continue;
    for (const part of item.content) {
      if (part.type !== 'output_text') continue;
      for (const note of part.annotations) if (note.type === 'file_citation') cited.set(note.file_id, note.filename);
    }
  }
  return [...cited].map(([fileId, filename]) => ({ fileId, filename }));
}

export function askCommand(): Command {
  return withConnection(new Command('ask'))
    .description("Ask a question of a store's documents: the server searches them and its upstream model answers, citing the files it used.")
    .argument('<store>', 'store name or id')
    .argument('<question>', 'what to ask')
    .option('-m, --model <name>', 'the upstream model to answer with (TROVE_ASK_MODEL)', process.env.TROVE_ASK_MODEL || 'default')
    .option('-k, --max-results <n>', 'chunks the search may hand the model (1 to 50)', resultCountArgument, 10)
    .option('--filter <json>', 'attribute filter for the search, as in the API', filterArgument)
    .option('--json', 'print the whole Response object as JSON instead of streaming the answer')
    .addHelpText(
      'after',
      `
The server needs an upstream model (TROVE_LLM_BASE_URL); a model name it does not serve is answered by TROVE_LLM_MODEL.

Examples:
  trove ask handbook "How many vacation days do new staff get?" --model llama3.1
  trove ask handbook "What is the refund policy?" --filter '{"type":"eq","key":"lang","value":"en"}'
  trove ask vs_0123abcd "Summarise the security guide" --json | jq -r .output_text`,
    )
    .action(async (ref: string, question: string, flags: Flags) => {
      const client = createClient(flags);
      const store = await resolveStore(client, ref);
      const search: FileSearchTool = { type: 'file_search', vector_store_ids: [store.id], max_num_results: flags.maxResults };
      if (flags.filter) search.filters = flags.filter as FileSearchTool['filters'];
      const params = { model: flags.model, input: question, tools: [search] };
      if (flags.json) return printJson(await client.responses.create(params));
      // The answer appears as the model writes it, then the files it cites.
      const stream = client.responses.stream(params);
      stream.on('response.output_text.delta', (event) => void process.stdout.write(event.delta));
      const response = await stream.finalResponse();
      process.stdout.write('\n');
      const sources = citedFiles(response);
      if (sources.length > 0) {
        process.stdout.write(`\nSources:\n${sources.map((s, i) => `  [${i + 1}] ${s.filename} (${s.fileId})`).join('\n')}\n`);
      }
    });
}

import { Command } from 'commander';
import type { VectorStore } from 'openai/resources/vector-stores/vector-stores';
import { createClient, withConnection, type ConnectionFlags } from './connection.js';
import { listAllStores, resolveStore } from './store-ref.js';
import { formatBytes, formatTime, printJson, renderTable, type Column } from './output.js';

type Flags = ConnectionFlags & { json?: boolean };

const STORE_COLUMNS: Column<VectorStore>[] = [
  { heading: 'ID', cell: (s) => s.id },
  { heading: 'NAME', cell: (s) => s.name ?? '' },
  { heading: 'FILES', cell: (s) => String(s.file_counts.total), align: 'right' },
  { heading: 'DONE', cell: (s) => String(s.file_counts.completed), align: 'right' },
  { heading: 'FAILED', cell: (s) => String(s.file_counts.failed), align: 'right' },
  { heading: 'USAGE', cell: (s) => formatBytes(s.usage_bytes), align: 'right' },
  { heading: 'STATUS', cell: (s) => s.status },
  { heading: 'CREATED', cell: (s) => formatTime(s.created_at) },
];

export function storesCommand(): Command {
  const stores = new Command('stores')
    .description('List, create and delete vector stores.')
    .addHelpText('after', '\nExamples:\n  trove stores\n  trove stores create handbook\n  trove stores rm handbook --json');

  withConnection(stores.command('ls', { isDefault: true }))
    .description('List the vector stores of your project (the default subcommand).')
    .option('--json', 'print the stores as a JSON array')
    .addHelpText('after', '\nExamples:\n  trove stores ls\n  trove stores ls --json | jq -r \'.[].id\'')
    .action(async (flags: Flags) => {
      const all = await listAllStores(createClient(flags));
      if (flags.json) printJson(all);
      else process.stdout.write(all.length === 0 ? 'no vector stores\n' : renderTable(all, STORE_COLUMNS));
    });

  stores.addCommand(
    withConnection(new Command('create'))
      .description('Create a vector store and print it.')
      .argument('<name>', 'the store name')
      .option('--embedder <spec>', "the store's embedder, if the server allows choosing one (e.g. test, default)")
      .option('--json', 'print the store as JSON')
      .addHelpText('after', '\nExamples:\n  trove stores create handbook\n  trove stores create scratch --embedder test --json')
      .action(async (name: string, flags: Flags & { embedder?: string }) => {
        const body = flags.embedder ? { name, embedder: flags.embedder } : { name };
        const store = await createClient(flags).vectorStores.create(body);
        if (flags.json) printJson(store);
        else process.stdout.write(renderTable([store], STORE_COLUMNS));
      }),
  );

  stores.addCommand(
    withConnection(new Command('rm'))
      .description('Delete vector stores, by name or id. Their files stay in the Files API.')
      .argument('<stores...>', 'store names or ids')
      .option('--json', 'print the deletion results as a JSON array')
      .addHelpText('after', '\nExamples:\n  trove stores rm handbook\n  trove stores rm vs_0123abcd vs_4567ef01')
      .action(async (refs: string[], flags: Flags) => {
        const client = createClient(flags);
        const results = [];
        for (const ref of refs) {
          const store = await resolveStore(client, ref);
          results.push(await client.vectorStores.delete(store.id));
          if (!flags.json) process.stdout.write(`deleted ${store.id}${store.name ? ` (${store.name})` : ''}\n`);
        }
        if (flags.json) printJson(results);
      }),
  );
  return stores;
}

import { Command } from 'commander';
import type OpenAI from 'openai';
import type { VectorStoreFile } from 'openai/resources/vector-stores/files';
import { createClient, withConnection, type ConnectionFlags } from './connection.js';
import { mapLimited } from './map-limited.js';
import { resolveStore } from './store-ref.js';
import { formatBytes, formatTime, printJson, renderTable } from './output.js';

type Flags = ConnectionFlags & { json?: boolean; status?: VectorStoreFile['status'] };
type Row = VectorStoreFile & { filename: string };

const STATUSES = ['in_progress', 'completed', 'failed', 'cancelled'] as const;

/** Beyond this many files, one pass over the Files API costs fewer requests than a lookup per file. */
const LOOKUPS = 100;

/** Vector store files carry no filename; the Files API has it. */
async function withFilenames(client: OpenAI, files: VectorStoreFile[]): Promise<Row[]> {
  const names = new Map<string, string>();
  if (files.length > LOOKUPS) {
    for await (const file of client.files.list({ limit: 10_000 })) names.set(file.id, file.filename);
  } else {
    const found = await mapLimited(files, 8, (f) => client.files.retrieve(f.id).then((file) => file.filename, () => undefined));
    files.forEach((file, i) => found[i] !== undefined && names.set(file.id, found[i]));
  }
  // A File deleted after it was attached stays listed in the store until detached.
  return files.map((file) => ({ ...file, filename: names.get(file.id) ?? '(deleted)' }));
}

export function filesCommand(): Command {
  const files = new Command('files').description('The files attached to a vector store.');
  withConnection(files.command('ls', { isDefault: true }))
    .description('List the files of a store with their ingestion status.')
    .argument('<store>', 'store name or id')
    .option('--status <status>', `only files in this status (${STATUSES.join(', ')})`)
    .option('--json', 'print the files as a JSON array (with their filename)')
    .addHelpText('after', '\nExamples:\n  trove files ls handbook\n  trove files ls handbook --status failed --json')
    .action(async (ref: string, flags: Flags) => {
      if (flags.status && !STATUSES.includes(flags.status)) throw new Error(`--status must be one of ${STATUSES.join(', ')}`);
      const client = createClient(flags);
      const store = await resolveStore(client, ref);
      const attached: VectorStoreFile[] = [];
      const query = flags.status ? { limit: 100, filter: flags.status } : { limit: 100 };
      for await (const file of client.vectorStores.files.list(store.id, query)) attached.push(file);
      const rows = await withFilenames(client, attached);
      if (flags.json) return printJson(rows);
      if (rows.length === 0) return void process.stdout.write(`no files in ${store.id}\n`);
      process.stdout.write(
        renderTable(rows, [
          { heading: 'ID', cell: (f) => f.id },
          { heading: 'FILENAME', cell: (f) => f.filename },
          { heading: 'STATUS', cell: (f) => f.status },
          { heading: 'USAGE', cell: (f) => formatBytes(f.usage_bytes), align: 'right' },
          { heading: 'ATTACHED', cell: (f) => formatTime(f.created_at) },
          { heading: 'ERROR', cell: (f) => (f.last_error ? `${f.last_error.code}: ${f.last_error.message}` : '') },
        ]),
      );
    });
  return files;
}

#!/usr/bin/env node
import { Command } from 'commander';
import OpenAI from 'openai';
import { configFromEnv } from '../config.js';
import { askCommand } from './ask-command.js';
import { filesCommand } from './files-command.js';
import { ingestCommand } from './ingest-command.js';
import { searchCommand } from './search-command.js';
import { storesCommand } from './stores-command.js';
import { StoreNotFound } from './store-ref.js';

const program = new Command()
  .name('trove')
  .description('A self-hosted, OpenAI-compatible vector store.')
  .addHelpText('after', '\nExamples:\n  trove serve --port 8787\n  trove ingest handbook ./docs\n  trove search handbook "reset my password"\n  trove ask handbook "how do I reset my password?" --model llama3.1\n\nRun trove <command> --help for each command.');

program
  .command('serve')
  .description('Serve the Files, Uploads and Vector Stores API (settings from TROVE_* variables; flags override them).')
  .option('--host <host>', 'address to listen on (TROVE_HOST)')
  .option('--port <port>', 'port to listen on (TROVE_PORT)')
  .option('--data-dir <dir>', 'where the database and file bytes live (TROVE_DATA_DIR)')
  .option('--embedder <spec>', 'embedder for new stores: default | test[:<dimension>] | onnx:<folder or hub model> | openai:<model> (TROVE_EMBEDDER)')
  .action(async (flags: { host?: string; port?: string; dataDir?: string; embedder?: string }) => {
    const config = configFromEnv();
    if (flags.host) config.host = flags.host;
    if (flags.port) config.port = Number(flags.port);
    if (flags.dataDir) config.dataDir = flags.dataDir;
    if (flags.embedder) config.embedder = flags.embedder;
    // Loaded here so that client commands start without the server's modules.
    const { startTrove } = await import('../trove.js');
    const trove = await startTrove(config);
    const shutdown = () => {
      void trove.close().then(() => process.exit(0));
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });

program.addCommand(ingestCommand());
program.addCommand(searchCommand());
program.addCommand(storesCommand());
program.addCommand(filesCommand());
program.addCommand(askCommand());

try {
  await program.parseAsync();
} catch (error) {
  // A refused request, a missing path or an unknown store is the user's to fix: its message, not a stack trace.
  // Anything else (a TypeError, say) is a bug and keeps its stack.
  const userFacing = error instanceof OpenAI.APIError || error instanceof StoreNotFound || (error instanceof Error && error.constructor === Error);
  if (!userFacing) throw error;
  const reach = error instanceof OpenAI.APIConnectionError ? ' (is the server running? see --base-url or TROVE_BASE_URL)' : '';
  process.stderr.write(`trove: ${error.message}${reach}\n`);
  process.exitCode = 1;
}

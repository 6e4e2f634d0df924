#!/usr/bin/env node
import { Command } from 'commander';
import { configFromEnv } from '../config.js';
import { startTrove } from '../trove.js';

const program = new Command()
  .name('trove')
  .description('A self-hosted, OpenAI-compatible vector store.');

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
    const trove = await startTrove(config);
    const shutdown = () => {
      void trove.close().then(() => process.exit(0));
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });

await program.parseAsync();

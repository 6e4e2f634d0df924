#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import OpenAI from 'openai';
import { askCommand } from './ask-command.js';
import { filesCommand } from './files-command.js';
import { ingestCommand } from './ingest-command.js';
import { searchCommand } from './search-command.js';
import { storesCommand } from './stores-command.js';
import { serveCommand } from './serve.js';
import { StoreNotFound } from './store-ref.js';

// Compiled to dist/src/cli/, three levels below package.json.
const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command()
  .name('trove')
  .description('A self-hosted, OpenAI-compatible vector store.')
  .version(version, '-v, --version', 'print the version and exit')
  .addHelpText('after', '\nExamples:\n  trove serve --port 8787\n  trove ingest handbook ./docs\n  trove search handbook "reset my password"\n  trove ask handbook "how do I reset my password?" --model llama3.1\n\nRun trove <command> --help for each command.');

program.addCommand(serveCommand());
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

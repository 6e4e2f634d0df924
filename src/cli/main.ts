#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { serveCommand } from './serve.js';

// Compiled to dist/src/cli/, three levels below package.json.
const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command()
  .name('trove')
  .description('A self-hosted, OpenAI-compatible vector store.')
  .version(version, '-v, --version', 'print the version and exit');

program.addCommand(serveCommand());

await program.parseAsync();

import { Command, Option } from 'commander';
import OpenAI from 'openai';

export const DEFAULT_BASE_URL = 'http://127.0.0.1:8787/v1';

export type ConnectionFlags = { baseUrl?: string; apiKey?: string };

/** Every client command reaches the server the same way: flags first, then TROVE_BASE_URL / TROVE_API_KEY. */
export function withConnection(command: Command): Command {
  return command
    .addOption(new Option('--base-url <url>', `the server's API root (TROVE_BASE_URL, default ${DEFAULT_BASE_URL})`))
    .addOption(new Option('--api-key <key>', 'API key (TROVE_API_KEY; any value for a server without keys)'));
}

export function createClient(flags: ConnectionFlags, env = process.env, maxRetries = 2): OpenAI {
  const baseURL = flags.baseUrl || env.TROVE_BASE_URL || DEFAULT_BASE_URL;
  // The SDK refuses to start without a key; a server without keys ignores whatever it is sent.
  const apiKey = flags.apiKey || env.TROVE_API_KEY || 'unused';
  return new OpenAI({ baseURL, apiKey, maxRetries });
}

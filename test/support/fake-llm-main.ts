import { startFakeLlmServer } from './fake-llm-server.js';

// Runs the scripted chat model on its own, for tests in other languages and for benchmarks: with
// `--serve` it prints its base URL (ending in /v1) on the first line of stdout and serves until stopped.
// Without the flag it does nothing, since `node --test dist/test` loads every file under test/.
if (process.argv.includes('--serve')) {
  const fake = await startFakeLlmServer({ apiKey: process.env.FAKE_LLM_API_KEY || undefined });
  process.stdout.write(`${fake.baseURL}\n`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

import { Command, InvalidArgumentError } from 'commander';
import OpenAI from 'openai';
import type { VectorStore } from 'openai/resources/vector-stores/vector-stores';
import { createClient, withConnection, type ConnectionFlags } from './connection.js';
import { collectFiles } from './ingest/collect.js';
import { defaultJournalDir, journalPath, openUploadJournal } from './ingest/journal.js';
import { planIngest } from './ingest/plan.js';
import {
  createPlainReporter, createTerminalReporter, failureLines, formatDuration, progressBar, progressLine, skipSummary, type Reporter,
} from './ingest/report.js';
import { startIngestRun, type Counts } from './ingest/run.js';
import { resolveStore, StoreNotFound } from './store-ref.js';
import { formatBytes } from './output.js';

type Flags = ConnectionFlags & { concurrency: number; wait: boolean; progressInterval: number; journalDir?: string; embedder?: string };

/** Exit status of an interrupted run, as a shell reports a command stopped by SIGINT. */
const INTERRUPTED = 130;
const REDRAW_MS = 200;

function positive(text: string): number {
  const value = Number(text);
  if (!(value > 0)) throw new InvalidArgumentError('expected a positive number.');
  return value;
}

async function findOrCreateStore(client: OpenAI, ref: string, embedder: string | undefined): Promise<{ store: VectorStore; created: boolean }> {
  try {
    return { store: await resolveStore(client, ref), created: false };
  } catch (error) {
    if (!(error instanceof StoreNotFound) || ref.startsWith('vs_')) throw error;
    const body = embedder ? { name: ref, embedder } : { name: ref };
    return { store: await client.vectorStores.create(body), created: true };
  }
}

const figures = (counts: Counts) => `uploaded ${counts.uploaded}, completed ${counts.completed}/${counts.total}, failed ${counts.failed}`;

async function ingest(ref: string, paths: string[], flags: Flags): Promise<number> {
  const started = Date.now();
  const elapsed = () => (Date.now() - started) / 1000;
  const terminal = process.stdout.isTTY === true;
  const reporter: Reporter = terminal ? createTerminalReporter(process.stdout) : createPlainReporter(process.stdout, flags.progressInterval * 1000);

  const collection = await collectFiles(paths);
  const client = createClient(flags, process.env, 5);
  const { store, created } = await findOrCreateStore(client, ref, flags.embedder);
  reporter.line(`store ${store.id}${store.name ? ` "${store.name}"` : ''}${created ? ' (created)' : ''}`);

  const journal = openUploadJournal(journalPath(flags.journalDir ?? defaultJournalDir(), client.baseURL, store.id));
  const total = collection.files.length;
  const plan = await planIngest(client, store.id, collection.files, journal, (done) => {
    if (terminal) reporter.progress(`hashing ${done}/${total} files`);
  });
  for (const line of skipSummary([...collection.skipped, ...plan.skipped])) reporter.line(line);

  const count = (status: string) => plan.items.filter((item) => item.status === status);
  const fresh = count('new');
  const journalled = count('uploaded').length;
  const bytes = fresh.reduce((sum, item) => sum + item.file.bytes, 0);
  reporter.line(
    `files: ${plan.items.length} to ingest, ${plan.items.length - fresh.length - journalled} already in the store, ` +
      `${fresh.length} to upload (${formatBytes(bytes)})${journalled > 0 ? `, ${journalled} uploaded earlier to attach` : ''}`,
  );

  let stopping = false;
  const onSigint = () => {
    if (stopping) {
      journal.save();
      reporter.close();
      process.exit(INTERRUPTED);
    }
    stopping = true;
    reporter.line('interrupted: finishing the uploads in flight (Ctrl-C again quits at once)');
  };
  process.on('SIGINT', onSigint);

  const run = startIngestRun({ client, storeId: store.id, items: plan.items, journal, concurrency: flags.concurrency, wait: flags.wait, stopping: () => stopping });
  const draw = () => reporter.progress(terminal ? progressBar(run.counts, elapsed(), process.stdout.columns || 100) : progressLine(run.counts, elapsed()));
  const ticker = setInterval(draw, REDRAW_MS);
  try {
    const result = await run.done;
    clearInterval(ticker);
    if (!terminal) reporter.progress(progressLine(result.counts, elapsed()), true);
    reporter.close();
    const took = formatDuration(elapsed());
    if (result.interrupted) reporter.line(`interrupted after ${took}: ${figures(result.counts)}; run the same command again to resume`);
    else if (!flags.wait) reporter.line(`attached in ${took}: ${figures(result.counts)}; the server goes on ingesting (see: trove files ls ${store.id})`);
    else reporter.line(`done in ${took}: ${figures(result.counts)}`);
    for (const line of failureLines(result.failures)) reporter.line(line);
    if (result.interrupted) return INTERRUPTED;
    return result.failures.length > 0 ? 1 : 0;
  } catch (error) {
    if (!(error instanceof OpenAI.APIConnectionError)) throw error;
    reporter.close();
    reporter.line(`stopped after ${formatDuration(elapsed())}: ${figures(run.counts)}; the server went away; run the same command again to resume`);
    return 1;
  } finally {
    clearInterval(ticker);
    reporter.close();
    process.off('SIGINT', onSigint);
  }
}

export function ingestCommand(): Command {
  return withConnection(new Command('ingest'))
    .summary('Upload files and folders into a vector store; resumable, with progress.')
    .description(
      'Upload files, folders and globs into a vector store (created if no store has that name) and wait until they are ingested. ' +
        'Files the server would refuse are skipped and listed. Ctrl-C stops after the uploads in flight; run the same command again ' +
        'to resume: files already in the store (by SHA-256 of their content) are never uploaded twice.',
    )
    .argument('<store>', 'store name or id; a name that no store has creates a store of that name')
    .argument('<paths...>', 'files, folders (walked recursively, hidden entries skipped) and globs such as "docs/**/*.md"')
    .option('-c, --concurrency <n>', 'uploads in flight at once', (text) => Math.ceil(positive(text)), 4)
    .option('--no-wait', 'exit once every file is uploaded and attached, without waiting for ingestion')
    .option('--progress-interval <seconds>', 'seconds between progress lines when the output is not a terminal', positive, 5)
    .option('--journal-dir <dir>', 'where uploads not yet attached are remembered between runs (default $XDG_STATE_HOME/trove/ingest)')
    .option('--embedder <spec>', 'embedder for a store this command creates, if the server allows choosing (e.g. test)')
    .addHelpText(
      'after',
      `
Examples:
  trove ingest handbook ./docs
  trove ingest handbook "docs/**/*.{md,pdf}" README.md
  TROVE_BASE_URL=https://trove.internal/v1 TROVE_API_KEY=sk-... trove ingest vs_0123abcd ./reports --no-wait

Each file is attached with two attributes: sha256 (its content hash) and path (relative to the
working directory), which search filters can use. Exit status: 0 when every file completed, 1 when
any failed (each is listed with the reason), 130 when interrupted.`,
    )
    .action(async (ref: string, paths: string[], flags: Flags) => {
      process.exitCode = await ingest(ref, paths, flags);
    });
}

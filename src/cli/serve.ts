import { Command } from 'commander';
import type { Logger } from 'pino';
import { configFromEnv, type Config } from '../config.js';
import { createLogger } from '../logger.js';
import { StartupError } from '../startup-error.js';
import type { RunningTrove } from '../trove.js';

/** A stop that takes longer than this (in-flight requests, ingestion checkpoints) exits anyway (ms). */
const SHUTDOWN_LIMIT_MS = 14_000;

type Flags = { host?: string; port?: string; dataDir?: string; embedder?: string };

function configWith(flags: Flags): Config {
  let config: Config;
  try {
    config = configFromEnv();
  } catch (error) {
    throw new StartupError((error as Error).message);
  }
  if (flags.host) config.host = flags.host;
  if (flags.port !== undefined) {
    const port = Number(flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new StartupError(`--port must be a port number from 0 to 65535, got '${flags.port}'`);
    config.port = port;
  }
  if (flags.dataDir) config.dataDir = flags.dataDir;
  if (flags.embedder) config.embedder = flags.embedder;
  return config;
}

function createLog(level: string): Logger {
  try {
    return createLogger(level);
  } catch {
    throw new StartupError(`TROVE_LOG_LEVEL must be debug, info, warn, error or silent, got '${level}'`);
  }
}

/**
 * SIGTERM or SIGINT stops accepting requests, lets those in flight finish, pauses ingestion with its
 * progress saved, and exits; a second signal, or a stop that overruns SHUTDOWN_LIMIT_MS, exits at once.
 */
function stopOnSignals(trove: RunningTrove, log: Logger): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stopping = true;
    log.info({ signal }, 'stopping: finishing requests in flight and saving ingestion progress');
    const limit = setTimeout(() => {
      log.error({ limitMs: SHUTDOWN_LIMIT_MS }, 'stopping took too long: exiting now');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    limit.unref();
    trove.close().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'stopping failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('Serve the Files, Uploads, Vector Stores and Embeddings API (settings from TROVE_* variables; flags override them).')
    .option('--host <host>', 'address to listen on (TROVE_HOST)')
    .option('--port <port>', 'port to listen on (TROVE_PORT)')
    .option('--data-dir <dir>', 'where the database and file bytes live (TROVE_DATA_DIR)')
    .option('--embedder <spec>', 'embedder for new stores: default | test[:<dimension>] | onnx:<folder or hub model> | openai:<model> (TROVE_EMBEDDER)')
    .action(async (flags: Flags) => {
      try {
        const config = configWith(flags);
        const log = createLog(config.logLevel);
        // Loaded here so that the client commands start without the server's modules.
        const { startTrove } = await import('../trove.js');
        stopOnSignals(await startTrove(config, log), log);
      } catch (error) {
        if (!(error instanceof StartupError)) throw error;
        process.stderr.write(`trove: ${error.message}\n`);
        process.exit(1);
      }
    });
}

import pino, { type Logger } from 'pino';

const LEVELS: Record<number, { name: string; color: string }> = {
  10: { name: 'TRACE', color: '90' },
  20: { name: 'DEBUG', color: '90' },
  30: { name: 'INFO ', color: '32' },
  40: { name: 'WARN ', color: '33' },
  50: { name: 'ERROR', color: '31' },
  60: { name: 'FATAL', color: '35' },
};

// Fields every line has, or that the line's own layout already shows.
const SHOWN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'component', 'reqId', 'project', 'method', 'route', 'status', 'durationMs']);

const paint = (color: string, text: string) => `\x1b[${color}m${text}\x1b[0m`;

const value = (v: unknown) => (typeof v === 'string' && !/\s/.test(v) ? v : JSON.stringify(v));

/**
 * One JSON log line as a person reads it on a terminal:
 * `15:04:05.120 INFO  POST /v1/files 200 12.3ms project=default req_9f…` for a request, and
 * `15:04:05.120 WARN  message key=value …` for the rest, with an error's stack below it.
 */
export function formatLogLine(line: string, color = true): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const level = LEVELS[entry.level as number] ?? { name: String(entry.level).padEnd(5), color: '0' };
  const time = new Date(entry.time as number).toISOString().slice(11, 23);
  const head = `${color ? paint('90', time) : time} ${color ? paint(level.color, level.name) : level.name}`;
  const rest = Object.entries(entry)
    .filter(([key]) => !SHOWN.has(key) && key !== 'err')
    .map(([key, v]) => `${key}=${value(v)}`);
  let text: string;
  if (entry.msg === 'request' && typeof entry.status === 'number') {
    const status = String(entry.status);
    const statusColor = entry.status >= 500 ? '31' : entry.status >= 400 ? '33' : '32';
    text = [
      `${head} ${entry.method} ${entry.route} ${color ? paint(statusColor, status) : status} ${entry.durationMs}ms`,
      `project=${entry.project}`,
      String(entry.reqId),
      ...rest,
    ].join(' ');
  } else {
    const context = [entry.reqId, ...rest].filter(Boolean).join(' ');
    text = `${head} ${entry.msg ?? ''}${context ? ` ${color ? paint('90', context) : context}` : ''}`;
  }
  const err = entry.err as { stack?: string; message?: string } | undefined;
  if (err) text += `\n${err.stack ?? err.message}`;
  return `${text}\n`;
}

/**
 * The server's logger: JSON lines (one per request, see `server/plugins/request-log.ts`), or, when
 * stdout is a terminal, the same lines formatted for reading.
 */
export function createLogger(level: string, out: NodeJS.WriteStream = process.stdout): Logger {
  if (!out.isTTY) return pino({ level });
  return pino({ level }, { write: (line: string) => void out.write(formatLogLine(line)) });
}

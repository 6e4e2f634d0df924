import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Order, Page, PageQuery } from '../store.js';
import { SCHEMA, SCHEMA_VERSION } from './schema.js';

/** A better-sqlite3 connection with a statement cache: every SQL text is prepared once. */
export class Db {
  readonly raw: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  private readonly inode: number;

  constructor(private readonly path: string) {
    this.raw = new Database(path);
    this.inode = statSync(path).ino;
    // WAL with synchronous=NORMAL survives a process crash (kill -9) without losing a commit;
    // only an OS crash or power loss can roll back the last transactions.
    this.raw.pragma('journal_mode = WAL');
    this.raw.pragma('synchronous = NORMAL');
    this.raw.pragma('busy_timeout = 10000');
    this.raw.pragma('cache_size = -65536');
    this.migrate();
  }

  private migrate(): void {
    const version = this.raw.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(`the database was written by a newer Trove (schema ${version}, this one knows ${SCHEMA_VERSION})`);
    }
    this.raw.exec(SCHEMA);
    this.raw.pragma(`user_version = ${SCHEMA_VERSION}`);
  }

  stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.raw.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `work` in one IMMEDIATE transaction (writers queue up instead of failing midway). */
  tx<T>(work: () => T): T {
    return this.raw.transaction(work).immediate();
  }

  /** Throws when the connection is closed or cannot read, or the file was removed or replaced under it (writes would be lost). */
  check(): void {
    this.stmt('SELECT 1 FROM jobs LIMIT 1').get();
    if (statSync(this.path, { throwIfNoEntry: false })?.ino !== this.inode) throw new Error(`the database file ${this.path} was removed or replaced while open`);
  }

  close(): void {
    this.raw.close();
  }
}

export type Keyset = {
  /** `FROM ... WHERE ...` without ORDER BY or LIMIT. */
  from: string;
  params: unknown[];
  /** The integer column that orders rows by creation. */
  key: string;
  /** The key of the row a cursor id names, or undefined when there is no such row. */
  cursorKey: (id: string) => number | undefined;
};

/**
 * One page of a cursor list. `after` continues away from the cursor in `order`; `before` returns the
 * page adjacent to the cursor on the other side, still in `order`. An unknown cursor gives an empty page.
 */
export function keysetPage<R>(db: Db, select: string, keyset: Keyset, query: PageQuery): Page<R> {
  const cursorId = query.after ?? query.before;
  const towardsStart = query.after === undefined && query.before !== undefined;
  let cursorSql = '';
  const params = [...keyset.params];
  if (cursorId !== undefined) {
    const key = keyset.cursorKey(cursorId);
    if (key === undefined) return { items: [], hasMore: false };
    const descending = (query.order === 'desc') !== towardsStart;
    cursorSql = ` AND ${keyset.key} ${descending ? '<' : '>'} ?`;
    params.push(key);
  }
  const scanOrder: Order = (query.order === 'desc') !== towardsStart ? 'desc' : 'asc';
  const rows = db
    .stmt(`SELECT ${select} ${keyset.from}${cursorSql} ORDER BY ${keyset.key} ${scanOrder} LIMIT ?`)
    .all(...params, query.limit + 1) as R[];
  const hasMore = rows.length > query.limit;
  const items = rows.slice(0, query.limit);
  if (towardsStart) items.reverse();
  return { items, hasMore };
}

export const parseJson = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));
export const toJson = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

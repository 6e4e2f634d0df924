// How the commands print: aligned tables on a terminal or in a pipe, JSON with --json, and sizes and times in both.

/** One column of a table: its heading and how to show a row's cell. */
export type Column<Row> = { heading: string; cell: (row: Row) => string; align?: 'left' | 'right' };

/** Plain aligned columns, two spaces apart; the last column is not padded so long text wraps naturally. */
export function renderTable<Row>(rows: Row[], columns: Column<Row>[]): string {
  const cells = rows.map((row) => columns.map((column) => column.cell(row)));
  const widths = columns.map((column, i) => Math.max(column.heading.length, ...cells.map((line) => line[i]!.length)));
  const format = (line: string[]) =>
    line
      .map((text, i) => {
        if (i === line.length - 1 && columns[i]!.align !== 'right') return text;
        return columns[i]!.align === 'right' ? text.padStart(widths[i]!) : text.padEnd(widths[i]!);
      })
      .join('  ')
      .trimEnd();
  return [format(columns.map((column) => column.heading)), ...cells.map(format)].join('\n') + '\n';
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 1536 → "1.5 KB": binary units, one decimal place above bytes. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** Unix seconds as `YYYY-MM-DD HH:MM` UTC. */
export function formatTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

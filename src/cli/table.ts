import type { CliRecord } from './resources.js';

const MAX_CELL = 40;
const MIN_CELL = 6;

/** Columns (dotted paths) as an aligned text table; columns empty in every row are left out. */
export function renderTable(records: readonly CliRecord[], wanted: readonly string[], width = 0): string {
  let columns = wanted.filter((c) => c === 'id' || records.some((r) => valueAt(r, c) !== undefined));
  if (columns.length <= 1 && records[0]) columns = scalarKeys(records[0]).slice(0, 6);
  const rows = records.map((r) => columns.map((c) => cell(valueAt(r, c))));
  const widths = columns.map((c, i) =>
    Math.min(MAX_CELL, Math.max(c.length, ...rows.map((r) => r[i]?.length ?? 0))),
  );
  fitWidths(widths, width);
  const line = (cells: string[]) =>
    cells
      .map((text, i) => clip(text, widths[i] ?? MAX_CELL).padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[line(columns.map((c) => c.toUpperCase())), ...rows.map(line)].join('\n')}\n`;
}

/** One record as `field  value` lines, nested objects as compact JSON. */
export function renderFields(record: CliRecord): string {
  const keys = Object.keys(record);
  const pad = Math.max(0, ...keys.map((k) => k.length));
  return `${keys.map((k) => `${k.padEnd(pad)}  ${cell(record[k])}`).join('\n')}\n`;
}

/** A field by dotted path (`recipient.email`). */
export function valueAt(record: unknown, path: string): unknown {
  let value: unknown = record;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A value as one table cell: nested objects as compact JSON, {@link printable}. */
export function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  return printable(typeof value === 'object' ? JSON.stringify(value) : String(value));
}

/**
 * Text for a terminal, on one line. Control characters are replaced: a record or an error message is
 * Sendoso's data (a touch name typed by anyone in the account), and an escape sequence in it must not
 * drive the terminal.
 */
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
}

function scalarKeys(record: CliRecord): string[] {
  return Object.keys(record).filter((k) => {
    const v = record[k];
    return v === null || typeof v !== 'object';
  });
}

function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
}

/** Narrows the widest columns until the table fits the terminal (0: no limit). */
function fitWidths(widths: number[], width: number): void {
  if (width <= 0) return;
  const total = () => widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  while (total() > width) {
    const widest = widths.indexOf(Math.max(...widths));
    if ((widths[widest] ?? 0) <= MIN_CELL) return;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
}

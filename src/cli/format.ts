import { oneOf } from './args.js';
import type { Output } from './context.js';
import { write } from './context.js';
import type { CliRecord } from './resources.js';
import { renderFields, renderTable } from './table.js';

export const FORMATS = ['table', 'json', 'ndjson'] as const;
export type Format = (typeof FORMATS)[number];

export const FORMAT_HELP = `  --format FORMAT         table, json or ndjson (default: table on a terminal, ndjson when piped)`;

/** `--format`, else a table for a person at a terminal and NDJSON for a program reading a pipe. */
export function chooseFormat(flag: string | undefined, out: Output): Format {
  return oneOf('format', flag, FORMATS) ?? (out.isTTY ? 'table' : 'ndjson');
}

/** Where listed records go: NDJSON and JSON stream as they come; a table waits for its widths. */
export interface RecordSink {
  write(record: CliRecord): Promise<void>;
  end(): Promise<void>;
}

export function recordSink(format: Format, out: Output, columns: readonly string[]): RecordSink {
  if (format === 'ndjson') {
    return { write: (record) => write(out, `${JSON.stringify(record)}\n`), end: async () => {} };
  }
  if (format === 'json') {
    let first = true;
    return {
      write: (record) => {
        const prefix = first ? '[\n' : ',\n';
        first = false;
        return write(out, `${prefix}${JSON.stringify(record)}`);
      },
      end: () => write(out, first ? '[]\n' : '\n]\n'),
    };
  }
  const rows: CliRecord[] = [];
  return {
    write: async (record) => {
      rows.push(record);
    },
    end: () => write(out, rows.length ? renderTable(rows, columns, out.columns ?? 0) : 'No records.\n'),
  };
}

/** One object (`get`, `whoami`, a send's result) in the chosen format. */
export function printRecord(format: Format, out: Output, record: CliRecord): Promise<void> {
  if (format === 'ndjson') return write(out, `${JSON.stringify(record)}\n`);
  if (format === 'json') return write(out, `${JSON.stringify(record, null, 2)}\n`);
  return write(out, renderFields(record));
}

import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './exit.js';

/** A command's option table, as `node:util`'s parseArgs takes it. */
export type OptionTable = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes. Client secrets have no flag: a flag shows in `ps` and in shell history. */
export const GLOBAL_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
  'config-dir': { type: 'string' },
  'base-url': { type: 'string' },
  'auth-base-url': { type: 'string' },
  'client-id': { type: 'string' },
  'redirect-uri': { type: 'string' },
} as const satisfies OptionTable;

export const GLOBAL_HELP = `Global options:
  --config-dir DIR        where token.json and config.json live (SENDOSO_CONFIG_DIR)
  --base-url URL          API base (SENDOSO_BASE_URL)
  --auth-base-url URL     OAuth base (SENDOSO_AUTH_BASE_URL)
  --client-id ID          OAuth client id (SENDOSO_CLIENT_ID; the secret comes from SENDOSO_CLIENT_SECRET)
  --redirect-uri URI      registered redirect URI (SENDOSO_REDIRECT_URI)
  --debug                 error details (stack, request id) and the SDK's debug log on stderr
  -h, --help              this help`;

type Config<O extends OptionTable> = {
  args: string[];
  options: typeof GLOBAL_OPTIONS & O;
  allowPositionals: true;
  strict: true;
};

/** The parsed flags and positionals of one command. */
export type Parsed<O extends OptionTable> = ReturnType<typeof parseArgs<Config<O>>>;
export type GlobalValues = Parsed<{}>['values'];

/** Parses a command's arguments with `node:util`'s parseArgs; its errors become usage errors (exit 2). */
export function parseCommand<O extends OptionTable>(command: string, argv: string[], options: O): Parsed<O> {
  try {
    const config: Config<O> = {
      args: argv,
      options: { ...GLOBAL_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    };
    return parseArgs(config);
  } catch (err) {
    throw new UsageError(`${parseMessage(err)} (see sendoso ${command} --help)`);
  }
}

/** parseArgs explains how to pass a positional that starts with "-"; the user needs the flag's name. */
function parseMessage(err: unknown): string {
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  const flag = message.match(/'(-[^']*)'/)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) return `unknown option ${flag}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag) {
    return message.includes('argument missing')
      ? `option ${flag} needs a value`
      : `option ${flag} takes no value`;
  }
  return message.replace(/\.$/, '');
}

/** Checks the number of positionals; `names` are shown in the error. */
export function positionals(command: string, given: string[], names: string[]): string[] {
  if (given.length < names.length) {
    throw new UsageError(`missing ${names.slice(given.length).join(' ')} (see sendoso ${command} --help)`);
  }
  if (given.length > names.length) {
    throw new UsageError(`unexpected argument "${given[names.length]}" (see sendoso ${command} --help)`);
  }
  return given;
}

/** A positive integer flag (`--limit 10`). */
export function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`--${flag} must be a positive integer, got "${value}"`);
  }
  return n;
}

/** One of a fixed set of values. */
export function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return value as T;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A duration such as `60s`, `5m`, `1h`, `500ms`; a bare number is seconds. */
export function duration(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = value.trim().match(/^(\d+(?:\.\d+)?)(ms|s|m|h)?$/);
  const ms = match ? Number(match[1]) * (UNITS[match[2] ?? 's'] ?? 1000) : Number.NaN;
  if (!(ms >= 1) || !Number.isFinite(ms) || ms > 2_147_483_647) {
    throw new UsageError(`--${flag} must be a duration such as 30s, 5m or 1h, got "${value}"`);
  }
  return Math.round(ms);
}

/**
 * Logging: bring your own `logger` (anything with debug/info/warn/error, like console or pino), pick a
 * `logLevel`, or set `SENDOSO_LOG=debug`. Log lines carry method, path, status and timing only: never
 * headers or bodies, so no credential can reach a log.
 */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

export interface Logger {
  error(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  debug(message: string, data?: Record<string, unknown>): void;
}

const rank: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };

function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && value in rank;
}

/** Wraps a logger so calls below `level` cost nothing and every line is prefixed. */
export function createLogger(logger: Logger | undefined, level: LogLevel | undefined): Logger {
  const envLevel = process.env.SENDOSO_LOG;
  const effective: LogLevel = level ?? (isLogLevel(envLevel) ? envLevel : 'warn');
  const sink: Logger = logger ?? console;
  const at =
    (name: Exclude<LogLevel, 'off'>) =>
    (message: string, data?: Record<string, unknown>): void => {
      if (rank[name] > rank[effective]) return;
      if (data === undefined) sink[name](`[sendoso] ${message}`);
      else sink[name](`[sendoso] ${message}`, data);
    };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

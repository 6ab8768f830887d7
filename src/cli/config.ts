import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { FileTokenStore, type Logger, OAuthError, SendosoClient } from '../index.js';
import type { GlobalValues } from './args.js';
import type { CliContext } from './context.js';
import { UsageError } from './exit.js';

/** What the CLI needs to reach Sendoso. Unset fields fall back to the SDK's defaults. */
export type Settings = {
  clientId?: string;
  clientSecret?: string;
  redirectUri?: string;
  baseUrl?: string;
  authBaseUrl?: string;
};

type Field = keyof Settings;

/** Each setting, its flag (none for the secret) and its environment variable (the SDK's own). */
const FIELDS: ReadonlyArray<[field: Field, flag: keyof GlobalValues | undefined, env: string]> = [
  ['clientId', 'client-id', 'SENDOSO_CLIENT_ID'],
  ['clientSecret', undefined, 'SENDOSO_CLIENT_SECRET'],
  ['redirectUri', 'redirect-uri', 'SENDOSO_REDIRECT_URI'],
  ['baseUrl', 'base-url', 'SENDOSO_BASE_URL'],
  ['authBaseUrl', 'auth-base-url', 'SENDOSO_AUTH_BASE_URL'],
];

export interface CliConfig {
  dir: string;
  /** `token.json`: the OAuth token, kept by the SDK's FileTokenStore (mode 0600). */
  tokenPath: string;
  /** `config.json`: the settings `sendoso login` used, so later commands can refresh the token (mode 0600). */
  configPath: string;
  /** Flags, then SENDOSO_* variables, then config.json. */
  settings: Settings;
  /** What config.json holds, if it exists. */
  saved: Settings | undefined;
}

/**
 * The config directory: `--config-dir`, then `SENDOSO_CONFIG_DIR`, then the platform's place for
 * user configuration (`$XDG_CONFIG_HOME/sendoso-element`, else `~/.config/sendoso-element`;
 * `~/Library/Application Support/sendoso-element` on macOS, `%APPDATA%\sendoso-element` on Windows).
 */
export function configDir(ctx: CliContext, flag: string | undefined): string {
  const chosen = flag || ctx.env.SENDOSO_CONFIG_DIR;
  if (chosen) return chosen;
  const xdg = ctx.env.XDG_CONFIG_HOME;
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  if (xdg && isAbsolute(xdg)) return join(xdg, 'sendoso-element');
  const home = homedir();
  if (ctx.platform === 'win32') {
    return join(ctx.env.APPDATA || join(home, 'AppData', 'Roaming'), 'sendoso-element');
  }
  if (ctx.platform === 'darwin') return join(home, 'Library', 'Application Support', 'sendoso-element');
  return join(home, '.config', 'sendoso-element');
}

export async function loadConfig(ctx: CliContext, values: GlobalValues): Promise<CliConfig> {
  const dir = configDir(ctx, values['config-dir']);
  const configPath = join(dir, 'config.json');
  const saved = await readSettings(configPath);
  const settings: Settings = {};
  for (const [field, flag, env] of FIELDS) {
    const fromFlag = flag ? values[flag] : undefined;
    const value =
      nonEmpty(typeof fromFlag === 'string' ? fromFlag : undefined) ??
      nonEmpty(ctx.env[env]) ??
      saved?.[field];
    if (value !== undefined) settings[field] = value;
  }
  return { dir, tokenPath: join(dir, 'token.json'), configPath, settings, saved };
}

/** A client over the config's settings, its token in token.json, its log on stderr. */
export function createClient(ctx: CliContext, config: CliConfig, debug: boolean): SendosoClient {
  return new SendosoClient({
    ...config.settings,
    tokenStore: new FileTokenStore(config.tokenPath),
    logger: stderrLogger(ctx),
    ...(debug ? { logLevel: 'debug' as const } : {}),
  });
}

/**
 * A client for a command that needs a login. A stored token goes only to the hosts it was issued
 * for: if flags or the environment now point elsewhere, nothing is sent and the user is told.
 */
export async function signedInClient(ctx: CliContext, values: GlobalValues): Promise<SendosoClient> {
  const config = await loadConfig(ctx, values);
  const debug = values.debug === true;
  const token = await new FileTokenStore(config.tokenPath).get();
  if (!token) throw new OAuthError('no_token', 'Not logged in: run `sendoso login` first');
  const { saved, settings } = config;
  if (saved) {
    for (const field of ['baseUrl', 'authBaseUrl'] as const) {
      if (sameUrl(saved[field], settings[field])) continue;
      throw new UsageError(
        `the saved login is for ${saved[field] ?? "Sendoso's default host"}, but ${field} is now ${settings[field] ?? "Sendoso's default host"}: run sendoso login to sign in there`,
      );
    }
  }
  return createClient(ctx, config, debug);
}

/** Saves the settings a login used (mode 0600: it may hold the client secret), atomically. */
export async function saveSettings(config: CliConfig): Promise<void> {
  await mkdir(config.dir, { recursive: true, mode: 0o700 });
  const temp = `${config.configPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const file = await open(temp, 'w', 0o600);
  try {
    await file.writeFile(`${JSON.stringify(config.settings, null, 2)}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await rename(temp, config.configPath);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

export async function removeSettings(config: CliConfig): Promise<void> {
  await rm(config.configPath, { force: true });
}

async function readSettings(path: string): Promise<Settings | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse quotes the text around the error, which may be the client secret.
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError(`${path} is not a JSON object; fix or delete it`);
  }
  const settings: Settings = {};
  for (const [field] of FIELDS) {
    const value = (parsed as Record<string, unknown>)[field];
    if (typeof value === 'string' && value) settings[field] = value;
  }
  return settings;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value ? value : undefined;
}

function sameUrl(a: string | undefined, b: string | undefined): boolean {
  const norm = (url: string | undefined) => url?.replace(/\/+$/, '');
  return norm(a) === norm(b);
}

/** The SDK's log lines (never headers, bodies or secrets) go to stderr, away from the data on stdout. */
function stderrLogger(ctx: CliContext): Logger {
  const line =
    (level: string) =>
    (message: string, data?: Record<string, unknown>): void => {
      ctx.stderr.write(`${level}: ${message}${data === undefined ? '' : ` ${JSON.stringify(data)}`}\n`);
    };
  return { error: line('error'), warn: line('warn'), info: line('info'), debug: line('debug') };
}

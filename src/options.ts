import type { Token } from './auth/token.js';
import type { TokenStore } from './auth/token-store.js';
import { ValidationError } from './errors.js';
import type { Logger, LogLevel } from './logger.js';
import type { ResourceOverrides } from './resources/definition.js';

/** Options of `new SendosoClient(options)`. Every field is optional where an env fallback or default exists. */
export interface ClientOptions {
  /** OAuth client id (`SENDOSO_CLIENT_ID`). */
  clientId?: string;
  /** OAuth client secret (`SENDOSO_CLIENT_SECRET`). Never logged, never in an error. */
  clientSecret?: string;
  /** The redirect URI registered with Sendoso (`SENDOSO_REDIRECT_URI`). */
  redirectUri?: string;
  /** API base, default `https://app.sendoso.com/api/v3` (`SENDOSO_BASE_URL`). */
  baseUrl?: string;
  /** OAuth base; `/oauth/authorize`, `/oauth/token` and `/oauth/revoke` sit below it. Default `https://app.sendoso.com` (`SENDOSO_AUTH_BASE_URL`). */
  authBaseUrl?: string;
  /** Scopes asked for by `authorizationUrl()`, default `['public']`. */
  scopes?: string[];
  /** An initial token, e.g. one the app loaded itself. Used when the store holds none. */
  token?: Token;
  /** Where tokens live; default an in-memory store. */
  tokenStore?: TokenStore;
  /** Refresh a token this long before it expires. Default 5 minutes. */
  refreshSkewMs?: number;
  /** Per-attempt timeout, default 30 000 ms. */
  timeoutMs?: number;
  /** Automatic retries of a failed request, default 2. */
  maxRetries?: number;
  /** Proactive client-side throttle, default `{ requestsPerSecond: 10 }` (Sendoso's documented limit); a number is requests per second; `false` disables it. */
  rateLimit?: { requestsPerSecond: number } | number | false;
  /**
   * The Marketplace and SmartSend limit, on top of `rateLimit`: default `{ requests: 100, windowMs: 60_000 }`
   * (Sendoso's documented 100 requests a minute per user); `false` disables it.
   */
  marketplaceRateLimit?: { requests: number; windowMs: number } | false;
  /** Per-resource route overrides, e.g. `{ journals: { list: { path: '/ledger/journals' } } }`. */
  resources?: ResourceOverrides;
  /** Where log lines go (default `console`). */
  logger?: Logger;
  /** Minimum level logged; default `SENDOSO_LOG` or `'warn'`. */
  logLevel?: LogLevel;
}

/** Options every method takes as its last argument. */
export interface RequestOptions {
  /** Cancels the call (and a whole pagination walk). Rejects with `AbortError`. */
  signal?: AbortSignal;
  /** Per-attempt timeout for this call. */
  timeoutMs?: number;
  /** Automatic retries for this call. */
  maxRetries?: number;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
}

export interface ResolvedOptions {
  clientId: string | undefined;
  clientSecret: string | undefined;
  redirectUri: string | undefined;
  baseUrl: string;
  authBaseUrl: string;
  scopes: string[];
  refreshSkewMs: number;
  timeoutMs: number;
  maxRetries: number;
  requestsPerSecond: number | false;
  marketplaceRateLimit: { requests: number; windowMs: number } | false;
}

export const DEFAULT_BASE_URL = 'https://app.sendoso.com/api/v3';
export const DEFAULT_AUTH_BASE_URL = 'https://app.sendoso.com';

/** Applies env fallbacks and defaults, and refuses options that cannot work. */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  const env = process.env;
  const baseUrl = checkUrl('baseUrl', options.baseUrl ?? env.SENDOSO_BASE_URL ?? DEFAULT_BASE_URL);
  const authBaseUrl = checkUrl(
    'authBaseUrl',
    options.authBaseUrl ?? env.SENDOSO_AUTH_BASE_URL ?? DEFAULT_AUTH_BASE_URL,
  );
  const rateLimit = options.rateLimit ?? { requestsPerSecond: 10 };
  const resolved: ResolvedOptions = {
    clientId: options.clientId ?? env.SENDOSO_CLIENT_ID,
    clientSecret: options.clientSecret ?? env.SENDOSO_CLIENT_SECRET,
    redirectUri: options.redirectUri ?? env.SENDOSO_REDIRECT_URI,
    baseUrl,
    authBaseUrl,
    scopes: options.scopes ?? ['public'],
    refreshSkewMs: options.refreshSkewMs ?? 5 * 60_000,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxRetries: options.maxRetries ?? 2,
    requestsPerSecond:
      rateLimit === false ? false : typeof rateLimit === 'number' ? rateLimit : rateLimit.requestsPerSecond,
    marketplaceRateLimit: checkWindowLimit(
      'marketplaceRateLimit',
      options.marketplaceRateLimit ?? { requests: 100, windowMs: 60_000 },
    ),
  };
  checkTimeout('timeoutMs', resolved.timeoutMs);
  checkRetries('maxRetries', resolved.maxRetries);
  checkNumber('refreshSkewMs', resolved.refreshSkewMs, 0);
  if (resolved.requestsPerSecond !== false)
    checkNumber('rateLimit.requestsPerSecond', resolved.requestsPerSecond, 0.001);
  return resolved;
}

function checkWindowLimit(name: string, value: unknown): { requests: number; windowMs: number } | false {
  if (value === false) return false;
  const { requests, windowMs } = (value ?? {}) as { requests?: unknown; windowMs?: unknown };
  const issues = [];
  if (typeof requests !== 'number' || !Number.isInteger(requests) || requests < 1)
    issues.push({ path: `${name}.requests`, message: 'must be an integer >= 1' });
  if (typeof windowMs !== 'number' || !Number.isFinite(windowMs) || windowMs < 1)
    issues.push({ path: `${name}.windowMs`, message: 'must be a number of milliseconds >= 1' });
  if (issues.length > 0) throw new ValidationError('Invalid option', issues);
  return { requests: requests as number, windowMs: windowMs as number };
}

/** Longest timer Node can set (2^31 - 1 ms); a longer one would fire after 1 ms instead. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/** A timeout must be a timer Node can set: anything else would fire at once and report a false timeout. */
export function checkTimeout(name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1 || value > MAX_TIMEOUT_MS) {
    throw new ValidationError('Invalid option', [
      { path: name, message: `must be a number of milliseconds from 1 to ${MAX_TIMEOUT_MS}` },
    ]);
  }
}

export function checkRetries(name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100) {
    throw new ValidationError('Invalid option', [
      { path: name, message: 'must be an integer from 0 to 100' },
    ]);
  }
}

/** Checks the per-call options before anything is sent. */
export function checkRequestOptions(options: RequestOptions): void {
  if (options.timeoutMs !== undefined) checkTimeout('timeoutMs', options.timeoutMs);
  if (options.maxRetries !== undefined) checkRetries('maxRetries', options.maxRetries);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new ValidationError('Invalid option', [{ path: 'signal', message: 'must be an AbortSignal' }]);
  }
  const headers = options.headers;
  if (headers !== undefined) {
    const bad =
      typeof headers !== 'object' ||
      headers === null ||
      Object.values(headers).some((v) => typeof v !== 'string');
    if (bad)
      throw new ValidationError('Invalid option', [
        { path: 'headers', message: 'must map names to strings' },
      ]);
  }
}

export function checkNumber(name: string, value: number, min: number): void {
  if (typeof value !== 'number' || Number.isNaN(value) || value < min) {
    throw new ValidationError('Invalid option', [{ path: name, message: `must be a number >= ${min}` }]);
  }
}

/**
 * Credentials must never travel in clear text, so a plain-http URL is refused unless it stays on
 * this machine (the sandbox, a local proxy).
 */
function checkUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ValidationError('Invalid option', [{ path: name, message: `not a valid URL: ${raw}` }]);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new ValidationError('Invalid option', [
      {
        path: name,
        message: `refusing plain http to ${url.hostname}: tokens and secrets would travel unencrypted; use https (http is allowed only for loopback hosts)`,
      },
    ]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ValidationError('Invalid option', [
      { path: name, message: `unsupported protocol ${url.protocol}` },
    ]);
  }
  return url.toString().replace(/\/+$/, '');
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

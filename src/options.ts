import http from 'node:http';
import https from 'node:https';
import type { Token } from './auth/token.js';
import type { TokenStore } from './auth/token-store.js';
import { ValidationError, type ValidationIssue } from './errors.js';
import {
  callHeadersIssue,
  type HeaderMap,
  headerIssues,
  mergeHeaders,
  type QueryMap,
  queryIssues,
} from './http/defaults.js';
import type { RateLimiter } from './http/rate-limiter.js';
import type { Logger, LogLevel } from './logger.js';
import {
  checkOptions,
  hasMethods,
  isAbortSignal,
  isNumber,
  isOneOf,
  isString,
  isStringArray,
  type OptionCheck,
  type OptionTable,
} from './option-checks.js';
import type { ResourceOverrides } from './resources/definition.js';
import { overrideIssues } from './resources/names.js';

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
  /**
   * Proactive client-side throttle, default `{ requestsPerSecond: 10 }` (Sendoso's documented limit); a
   * number is requests per second; `false` disables it; a {@link RateLimiter} object (e.g. one
   * `SlidingWindowLimiter` shared by every client of an account, or a `RedisRateLimiter`) is used as is.
   */
  rateLimit?: { requestsPerSecond: number } | number | false | RateLimiter;
  /**
   * The Marketplace and SmartSend limit, on top of `rateLimit`: default `{ requests: 100, windowMs: 60_000 }`
   * (Sendoso's documented 100 requests a minute per user); `false` disables it; a {@link RateLimiter}
   * object (one per Sendoso user, shared by that user's clients) is used as is.
   */
  marketplaceRateLimit?: { requests: number; windowMs: number } | false | RateLimiter;
  /** Per-resource route overrides, e.g. `{ journals: { list: { path: '/ledger/journals' } } }`. */
  resources?: ResourceOverrides;
  /** Where log lines go (default `console`). */
  logger?: Logger;
  /** Minimum level logged; default `SENDOSO_LOG` or `'warn'`. */
  logLevel?: LogLevel;
  /**
   * Largest response body read, in bytes; default 1 MiB (a page of 100 Sendoso records is far
   * smaller). A longer body is not read further and fails with `ResponseTooLargeError`, so a broken
   * proxy or a hostile server cannot fill the process's memory.
   */
  maxResponseBytes?: number;
  /**
   * Headers sent with every API request, e.g. `{ 'X-Correlation-Id': id }`. A call's own `headers`
   * win (names compared without case); `Authorization` is refused: it always comes from the token.
   */
  defaultHeaders?: Record<string, string>;
  /** Query parameters added to every API request; the SDK's own (paging, filters) win. */
  defaultQuery?: Record<string, string | number | boolean>;
  /**
   * The agent for `http:` URLs (only loopback hosts are allowed over http), used for API calls and
   * OAuth token requests. Default: a keep-alive agent that resolves `localhost` to this machine only.
   */
  httpAgent?: http.Agent;
  /** The agent for `https:` URLs (API calls and OAuth token requests), e.g. one with your own CA. */
  httpsAgent?: https.Agent;
  /**
   * A forward proxy every request to Sendoso goes through (API and OAuth), e.g.
   * `process.env.HTTPS_PROXY`: `'http://proxy.corp:3128'`, credentials in the URL if it needs them.
   * Requests are tunnelled with CONNECT, so TLS runs end to end. The SDK never reads proxy variables
   * on its own. Not together with `httpAgent`/`httpsAgent`.
   */
  proxy?: string | URL;
}

/** What `client.withOptions()` can change; everything else is shared with the client it came from. */
export interface ClientOverrides {
  /** Per-attempt timeout of the new client's calls. */
  timeoutMs?: number;
  /** Automatic retries of the new client's calls. */
  maxRetries?: number;
  /** Added to (and replacing same-named) `defaultHeaders` of the client it came from. */
  defaultHeaders?: Record<string, string>;
  /** Added to (and replacing same-named) `defaultQuery` of the client it came from. */
  defaultQuery?: Record<string, string | number | boolean>;
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
  /** Requests per second for a limiter of the client's own, a limiter object to use, or false. */
  rateLimit: number | false | RateLimiter;
  marketplaceRateLimit: { requests: number; windowMs: number } | false | RateLimiter;
  maxResponseBytes: number;
  defaultHeaders: HeaderMap;
  defaultQuery: QueryMap;
  httpAgent: http.Agent | undefined;
  httpsAgent: https.Agent | undefined;
  proxy: URL | undefined;
}

export const DEFAULT_BASE_URL = 'https://app.sendoso.com/api/v3';
export const DEFAULT_AUTH_BASE_URL = 'https://app.sendoso.com';
export const DEFAULT_MAX_RESPONSE_BYTES = 1_048_576;

/** Longest timer Node can set (2^31 - 1 ms); a longer one would fire after 1 ms instead. */
const MAX_TIMEOUT_MS = 2_147_483_647;

const isTimeout: OptionCheck = (v) =>
  isNumber(1, { max: MAX_TIMEOUT_MS })(v) && `must be a number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`;
const isRetries = isNumber(0, { integer: true, max: 100 });

const isToken: OptionCheck = (v) => {
  const token = v as Partial<Record<keyof Token, unknown>> | null;
  const ok =
    typeof token === 'object' &&
    token !== null &&
    typeof token.accessToken === 'string' &&
    typeof token.expiresAt === 'number' &&
    (token.refreshToken === undefined || typeof token.refreshToken === 'string');
  return ok ? undefined : 'must be a Token ({ accessToken, expiresAt, refreshToken?, tokenType })';
};

const isRateLimit: OptionCheck = (v) =>
  v === false || typeof v === 'number' || (typeof v === 'object' && v !== null)
    ? undefined
    : 'must be false, a number of requests per second, { requestsPerSecond }, or a RateLimiter';

/** Every option of `new SendosoClient()`, and how a given value is checked. */
const clientOptionChecks: OptionTable<ClientOptions> = {
  clientId: isString,
  clientSecret: isString,
  redirectUri: isString,
  baseUrl: isString,
  authBaseUrl: isString,
  scopes: isStringArray,
  token: isToken,
  tokenStore: hasMethods('a TokenStore', ['get', 'set', 'clear']),
  refreshSkewMs: isNumber(0),
  timeoutMs: isTimeout,
  maxRetries: isRetries,
  rateLimit: isRateLimit,
  resources: overrideIssues,
  logger: hasMethods('a Logger', ['error', 'warn', 'info', 'debug']),
  logLevel: isOneOf(['off', 'error', 'warn', 'info', 'debug']),
  maxResponseBytes: isNumber(1, { integer: true, max: Number.MAX_SAFE_INTEGER }),
  marketplaceRateLimit: (v) => windowLimitIssues(v),
  defaultHeaders: headerIssues,
  defaultQuery: queryIssues,
  httpAgent: (v) => (v instanceof http.Agent ? undefined : 'must be an http.Agent'),
  httpsAgent: (v) => (v instanceof https.Agent ? undefined : 'must be an https.Agent'),
  proxy: (v) => proxyIssue(v),
};

/** What `withOptions()` takes, checked like the constructor's options. */
const clientOverrideChecks: OptionTable<ClientOverrides> = {
  timeoutMs: isTimeout,
  maxRetries: isRetries,
  defaultHeaders: headerIssues,
  defaultQuery: queryIssues,
};

/**
 * Checks every option (unknown keys and wrong shapes are one `ValidationError` naming each path),
 * then applies env fallbacks and defaults. Missing credentials are not an error here: a client that
 * only uses a stored token needs none, so they are asked for by the call that needs them.
 */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  const issues = checkOptions(options, clientOptionChecks, '', 'client options');
  if (issues.length > 0) throw new ValidationError('Invalid option', issues);
  const env = process.env;
  const baseUrl = checkUrl(
    options.baseUrl === undefined && env.SENDOSO_BASE_URL !== undefined ? 'SENDOSO_BASE_URL' : 'baseUrl',
    options.baseUrl ?? env.SENDOSO_BASE_URL ?? DEFAULT_BASE_URL,
    issues,
  );
  const authBaseUrl = checkUrl(
    options.authBaseUrl === undefined && env.SENDOSO_AUTH_BASE_URL !== undefined
      ? 'SENDOSO_AUTH_BASE_URL'
      : 'authBaseUrl',
    options.authBaseUrl ?? env.SENDOSO_AUTH_BASE_URL ?? DEFAULT_AUTH_BASE_URL,
    issues,
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
    rateLimit:
      rateLimit === false || typeof rateLimit === 'number'
        ? rateLimit
        : isLimiter(rateLimit)
          ? rateLimit
          : rateLimit.requestsPerSecond,
    marketplaceRateLimit: options.marketplaceRateLimit ?? { requests: 100, windowMs: 60_000 },
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    defaultHeaders: { ...options.defaultHeaders },
    defaultQuery: { ...options.defaultQuery },
    httpAgent: options.httpAgent,
    httpsAgent: options.httpsAgent,
    proxy: options.proxy === undefined ? undefined : new URL(options.proxy),
  };
  proxyRuleIssues(resolved, issues);
  if (
    typeof resolved.rateLimit !== 'object' &&
    resolved.rateLimit !== false &&
    isNumber(0.001)(resolved.rateLimit) !== undefined
  ) {
    issues.push({ path: 'rateLimit.requestsPerSecond', message: 'must be a number >= 0.001' });
  }
  if (issues.length > 0) throw new ValidationError('Invalid option', issues);
  return resolved;
}

/**
 * The options of a client made by `withOptions(overrides)` from one with `base`: checked like the
 * constructor's; headers and query parameters are added to the base ones.
 */
export function resolveOverrides(base: ResolvedOptions, overrides: ClientOverrides): ResolvedOptions {
  const issues = checkOptions(overrides, clientOverrideChecks, '', 'withOptions() options').map((issue) =>
    Object.hasOwn(clientOptionChecks, issue.path) && !Object.hasOwn(clientOverrideChecks, issue.path)
      ? {
          path: issue.path,
          message:
            'cannot be changed by withOptions(): the new client shares it (token manager, limiter, connections); build a new SendosoClient instead',
        }
      : issue,
  );
  if (issues.length > 0) throw new ValidationError('Invalid option', issues);
  return {
    ...base,
    timeoutMs: overrides.timeoutMs ?? base.timeoutMs,
    maxRetries: overrides.maxRetries ?? base.maxRetries,
    defaultHeaders: mergeHeaders(base.defaultHeaders, overrides.defaultHeaders),
    defaultQuery: { ...base.defaultQuery, ...overrides.defaultQuery },
  };
}

function proxyIssue(value: unknown): string | undefined {
  const text = value instanceof URL ? value.href : typeof value === 'string' ? value : undefined;
  if (text === undefined) return 'must be a proxy URL (a string or a URL)';
  // Never quote the value: a proxy URL may carry a password.
  if (!URL.canParse(text)) return 'is not a valid URL';
  const { protocol } = new URL(text);
  return protocol === 'http:' || protocol === 'https:'
    ? undefined
    : `must be an http: or https: URL, not ${protocol}`;
}

/**
 * A proxy replaces the agents, so it cannot come with agents of the app's own; and plain http to a
 * loopback Sendoso (the sandbox) through a proxy elsewhere would carry tokens unencrypted over the
 * network, which the loopback rule for `baseUrl` exists to prevent.
 */
function proxyRuleIssues(resolved: ResolvedOptions, issues: ValidationIssue[]): void {
  const { proxy } = resolved;
  if (!proxy) return;
  if (resolved.httpAgent || resolved.httpsAgent) {
    issues.push({
      path: 'proxy',
      message: 'cannot be combined with httpAgent/httpsAgent: give the proxy, or agents that use it',
    });
  }
  const plain = [resolved.baseUrl, resolved.authBaseUrl].some((url) => url.startsWith('http:'));
  if (plain && !isLoopbackHost(proxy.hostname)) {
    issues.push({
      path: 'proxy',
      message:
        'a proxy off this machine cannot carry plain-http traffic to a loopback baseUrl/authBaseUrl: tokens would travel unencrypted',
    });
  }
}

/** `false`, a limiter object, or `{ requests, windowMs }`: each problem at its own path. */
function windowLimitIssues(value: unknown): ValidationIssue[] | undefined {
  if (value === false) return undefined;
  if (typeof value === 'object' && value !== null && isLimiter(value)) return undefined;
  const { requests, windowMs } = (value ?? {}) as { requests?: unknown; windowMs?: unknown };
  const issues: ValidationIssue[] = [];
  if (typeof requests !== 'number' || !Number.isInteger(requests) || requests < 1)
    issues.push({ path: 'requests', message: 'must be an integer >= 1' });
  if (typeof windowMs !== 'number' || !Number.isFinite(windowMs) || windowMs < 1)
    issues.push({ path: 'windowMs', message: 'must be a number of milliseconds >= 1' });
  return issues.length > 0 ? issues : undefined;
}

/** Every per-call option, and how a given value is checked. Unknown keys are not refused here. */
const requestOptionChecks: OptionTable<RequestOptions> = {
  timeoutMs: isTimeout,
  maxRetries: isRetries,
  signal: isAbortSignal,
  headers: callHeadersIssue,
};
const requestOptionKeys = Object.keys(requestOptionChecks) as (keyof RequestOptions)[];

/** Checks the per-call options before anything is sent: one `ValidationError` naming each bad one. */
export function checkRequestOptions(options: RequestOptions): void {
  const issues: ValidationIssue[] = [];
  for (const key of requestOptionKeys) {
    const value = options[key];
    const message = value === undefined ? undefined : requestOptionChecks[key](value);
    if (typeof message === 'string') issues.push({ path: key, message });
  }
  if (issues.length > 0) throw new ValidationError('Invalid option', issues);
}

/**
 * Credentials must never travel in clear text, so a plain-http URL is refused unless it stays on
 * this machine (the sandbox, a local proxy). Problems are added to `issues`.
 */
function checkUrl(name: string, raw: string, issues: ValidationIssue[]): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    issues.push({ path: name, message: `not a valid URL: ${raw}` });
    return raw;
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    issues.push({
      path: name,
      message: `refusing plain http to ${url.hostname}: tokens and secrets would travel unencrypted; use https (http is allowed only for loopback hosts: localhost, 127.0.0.0/8 and [::1])`,
    });
  } else if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    issues.push({ path: name, message: `unsupported protocol ${url.protocol}` });
  }
  return url.toString().replace(/\/+$/, '');
}

/**
 * True for the hosts that cannot leave this machine: `localhost` itself (which the transport pins to
 * the loopback addresses instead of asking DNS), 127.0.0.0/8 and ::1 as literal addresses. Names
 * below `.localhost` are not included: they are looked up like any other name, and a resolver may
 * send them anywhere.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** A limiter object (anything with `acquire`), as opposed to `{ requestsPerSecond }`. */
function isLimiter(value: object): value is RateLimiter {
  return typeof (value as Partial<RateLimiter>).acquire === 'function';
}

/** Public types of `sendoso-element/testing`. */
import type { SandboxWebhooks } from './webhook-types.js';

/** The element's resources the sandbox serves, named as on the client (`client.touches`, ...). */
export type SandboxResource =
  | 'touches'
  | 'groups'
  | 'gifts'
  | 'users'
  | 'returnAddresses'
  | 'journals'
  | 'payments'
  | 'purchaseOrders'
  | 'taxRates'
  | 'bulkJobs';

/** One stored record: a plain JSON object with Sendoso's snake_case field names. */
export type SandboxRecord = Record<string, unknown>;

/** A record id as it appears in a path (`'7'`) or in a record (`7`). */
export type RecordId = string | number;

/**
 * What to load at start: per resource, a number of records generated from `fixtures/` or an explicit
 * array. `members` maps a group id to that group's members (`GET /groups/{id}/members`).
 * Resources left out get the default counts (touches 250, gifts 250, groups 120, users 120,
 * 5 members for each of the first 3 groups, 30 of every other resource).
 */
export type SandboxSeed = { [K in SandboxResource]?: number | SandboxRecord[] } & {
  members?: Record<string, SandboxRecord[]>;
  /**
   * The marketplace catalogue (`GET /marketplace/products`): a number of generated products (default
   * 250, with 1 to 3 variants each, spread over the category tree) or explicit products.
   */
  products?: number | SandboxRecord[];
};

/** A request limit over a window of any length. */
export interface WindowLimit {
  requests: number;
  windowMs: number;
}

export interface SandboxOptions {
  /** Port on 127.0.0.1; default 0 (a random free port). */
  port?: number;
  /** Records to load; see {@link SandboxSeed}. */
  seed?: SandboxSeed;
  /**
   * Accepted `/api/v3` requests per sliding 1,000 ms window (all clients together, or per user with
   * `rateLimitPer: 'user'`); default 10;
   * `false` = off. `{ requestsPerSecond }` is accepted too, as the client takes it.
   */
  rateLimit?: number | { requestsPerSecond: number } | false;
  /**
   * Whose requests share the windows of `rateLimit` and `marketplaceRateLimit`: `'sandbox'` (default,
   * every client together) or `'user'`, as Sendoso counts them: each user's tokens
   * (`authorize({ userId })`) have windows of their own.
   */
  rateLimitPer?: 'sandbox' | 'user';
  /**
   * Accepted Marketplace and SmartSend requests per window (all clients together, or per user with
   * `rateLimitPer: 'user'`), answered 429 with `X-Rate-Limit-Reset` above it. Default Sendoso's
   * `{ requests: 100, windowMs: 60_000 }`; `false` = off. Counted besides `rateLimit`.
   */
  marketplaceRateLimit?: WindowLimit | false;
  /** Lifetime of issued access tokens (`expires_in`); default 7200. */
  tokenTtlSeconds?: number;
  /** Default: 32 random bytes, base64url. */
  clientId?: string;
  /** Default: 32 random bytes, base64url. */
  clientSecret?: string;
  /** The registered redirect URI; default `'http://127.0.0.1/callback'`. */
  redirectUri?: string;
  /**
   * Webhooks: the wait before each attempt of a message, the first try included. Default Svix's schedule
   * `[0, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h]`; tests pass milliseconds, e.g. `[0, 20, 20]`.
   */
  webhookRetryDelaysMs?: readonly number[];
  /** Webhooks: an attempt not answered within this many ms failed. Default 15,000 (Svix's). */
  webhookTimeoutMs?: number;
  /**
   * Network latency of every request (API and OAuth), ms: each request draws one round trip,
   * `latencyMs ± latencyJitterMs` (uniform), and waits half of it before it arrives (only then is it
   * logged and counted towards `rateLimit`) and the other half before its answer goes out. Default 0
   * (none); at most 60,000.
   */
  latencyMs?: number;
  /** The spread of {@link SandboxOptions.latencyMs} either way, ms; default 0; at most `latencyMs`. */
  latencyJitterMs?: number;
  /**
   * Extra paths below `/api/v3` that serve a resource, for clients with route overrides:
   * `{ '/ledger/journals': 'journals' }` serves `resources: { journals: { list: { path: '/ledger/journals' } } }`
   * (list and create at the path, get, update and delete at `{path}/{id}`).
   */
  routes?: Record<string, SandboxResource>;
}

/** An in-memory collection. Ids are matched as strings, so `get(7)` and `get('7')` are the same record. */
export interface SandboxCollection {
  /** Stores a copy of `record`; assigns the next integer `id` if it has none, and `created_at`/`updated_at` if absent. */
  insert(record: SandboxRecord): SandboxRecord;
  /** Shallow-merges `patch` (its `id` is ignored) and stamps `updated_at` unless the patch sets it; `undefined` if absent. */
  update(id: RecordId, patch: SandboxRecord): SandboxRecord | undefined;
  /** Removes the record; `false` if there was none. */
  remove(id: RecordId): boolean;
  get(id: RecordId): SandboxRecord | undefined;
  /** Every record in insertion order (a copy of the list, not of the records). */
  all(): SandboxRecord[];
  /** Removes every record; ids are not reused afterwards. */
  clear(): void;
  readonly size: number;
}

/** Direct access to the sandbox's data, bypassing HTTP. */
export type SandboxData = { readonly [K in SandboxResource]: SandboxCollection } & {
  /**
   * The marketplace catalogue. Products are served with string ids. Besides the documented fields,
   * the sandbox filters on `category_ids` and `ship_to_country_codes` of each product, and SmartSend
   * recommends by `interests`.
   */
  readonly products: SandboxCollection;
  /**
   * The collection behind a path: `'touches'`, `'send'`, `'return_addresses'`, `'bulk/jobs'`, a generic
   * object name (`'widgets'`), or children (`'groups/7/members'`, `'widgets/3/parts'`). Created empty on first use.
   */
  collection(name: string): SandboxCollection;
};

/** Which requests a fault applies to; without it, every `/api/v3` request. */
export interface FaultMatch {
  /** Case-insensitive HTTP method. */
  method?: string;
  /** Compared with the raw path without its query, e.g. `'/api/v3/touches'` or `'/oauth/token'`. */
  path?: string | RegExp;
}

export interface FaultOptions {
  /** Status to answer; default 500 (unless only `delayMs` is given: then the request is answered normally). */
  status?: number;
  /** Body to answer: JSON-encoded, or sent verbatim if a string; default a Sendoso error body for the status. */
  body?: unknown;
  /** Extra response headers (they override the defaults). */
  headers?: Record<string, string>;
  /** Wait this long before answering (or resetting). */
  delayMs?: number;
  /** Destroy the socket without answering. */
  reset?: boolean;
  /** Let this many matching requests pass before failing. */
  after?: number;
  match?: FaultMatch;
}

export interface SandboxFaults {
  /** The next `count` matching requests fail as `options` says. Rules are applied in the order added. */
  next(count: number, options?: FaultOptions): void;
  /** Drops every pending fault. */
  clear(): void;
}

/** One entry of {@link Sandbox.requests}. Credentials are never stored: no headers, OAuth secrets redacted. */
export interface LoggedRequest {
  method: string;
  /** The raw (still percent-encoded) path without the query. */
  path: string;
  query: Record<string, string>;
  /** Every value of every query parameter, repeated ones included (`{ 'category_ids[]': ['11', '12'] }`). */
  queryAll: Record<string, string[]>;
  /** The parsed JSON or form body, or `undefined` (none, or malformed). */
  body: unknown;
  /** The answered status; 0 while pending or when the socket was reset. */
  status: number;
  /** The `X-Request-Id` the sandbox answered with (what `.withResponse()` and errors report). */
  requestId?: string;
  /** Arrival time, epoch ms (with `latencyMs`, after the first half of the request's round trip). */
  at: number;
  /**
   * Arrival time on the sandbox's monotonic clock (`performance.now()` of its process, fractional
   * ms): the instant its rate limit counted. Compare entries with each other, e.g. to check that no
   * sliding second held more than 10 arrivals.
   */
  arrivedAt: number;
  /** A fault rule handled this request. */
  fault?: boolean;
  /** Answered 429 by the rate limit. */
  rateLimited?: boolean;
}

/** Mutable switches that change behaviour while the sandbox runs. */
export interface SandboxSettings {
  /** Refresh responses leave out `refresh_token`; the old refresh token then stays valid. Default false. */
  omitRefreshTokenOnRefresh: boolean;
  /** See {@link SandboxOptions.rateLimit}. */
  rateLimit: number | false;
  /** See {@link SandboxOptions.marketplaceRateLimit}. */
  marketplaceRateLimit: WindowLimit | false;
  /** Applies to tokens issued from now on. */
  tokenTtlSeconds: number;
  /** See {@link SandboxOptions.rateLimitPer}. */
  rateLimitPer: 'sandbox' | 'user';
  /** See {@link SandboxOptions.latencyMs}; applies to requests that start from now on. */
  latencyMs: number;
  /** See {@link SandboxOptions.latencyJitterMs}. */
  latencyJitterMs: number;
}

/** Connection options for a client of the sandbox (a subset of the SDK's `ClientOptions`). */
export interface SandboxClientOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  baseUrl: string;
  authBaseUrl: string;
}

export interface Sandbox {
  /** `http://127.0.0.1:{port}/api/v3` */
  readonly baseUrl: string;
  /** `http://127.0.0.1:{port}`; `/oauth/authorize`, `/oauth/token` and `/oauth/revoke` sit below it. */
  readonly authBaseUrl: string;
  readonly port: number;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  readonly settings: SandboxSettings;
  readonly data: SandboxData;
  readonly faults: SandboxFaults;
  /** Sendoso's send-status webhooks: endpoints, signed deliveries with retries, the delivery log. */
  readonly webhooks: SandboxWebhooks;
  /** The request log, oldest first (a snapshot copy of the list). */
  readonly requests: readonly LoggedRequest[];
  clearRequests(): void;
  /**
   * The options a `SendosoClient` needs to talk to this sandbox:
   * `new SendosoClient({ ...sandbox.clientOptions(), rateLimit: false })`.
   */
  clientOptions(): SandboxClientOptions;
  /**
   * An authorization code for `redirectUri`, as if a user had consented (no HTTP). Default scopes
   * `['public']`. With `userId`, that user consented: the tokens are theirs (`GET /me` answers their
   * id, and with `rateLimitPer: 'user'` they have rate windows of their own), as when each
   * connected Sendoso account of an app signs in.
   */
  authorize(options?: { scopes?: string[]; userId?: string | number }): Promise<string>;
  /** Every access token issued so far is expired from now on; API calls with one get 401 `expired: true`. */
  expireAccessTokens(): void;
  /** Stops the server and destroys every connection, including keep-alive ones. Idempotent. */
  close(): Promise<void>;
}

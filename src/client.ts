import type { AxiosInstance } from 'axios';
import { AuthApi } from './auth/auth-api.js';
import { OAuthGrants } from './auth/oauth-grants.js';
import type { Token } from './auth/token.js';
import { TokenManager } from './auth/token-manager.js';
import { MemoryTokenStore } from './auth/token-store.js';
import { toWhere, type Where } from './ceql/index.js';
import { ValidationError } from './errors.js';
import { TypedEmitter } from './events.js';
import { createAgents } from './http/agents.js';
import { type ApiPromise, callApi, sent } from './http/api-promise.js';
import { type RateLimiter, SlidingWindowLimiter } from './http/rate-limiter.js';
import {
  type RequestEvent,
  RequestSender,
  type ResponseEvent,
  type RetryEvent,
} from './http/request-sender.js';
import { createTransport } from './http/transport.js';
import { createLogger, type Logger } from './logger.js';
import { createMarketplace, type Marketplace, type SmartSendResource } from './marketplace/index.js';
import { isPlainObject } from './option-checks.js';
import {
  type ClientOptions,
  type ClientOverrides,
  type RequestOptions,
  type ResolvedOptions,
  resolveOptions,
  resolveOverrides,
} from './options.js';
import type { PollerOptions } from './poll/options.js';
import { Poller } from './poll/poller.js';
import type { PollSource } from './poll/source.js';
import { withOverrides } from './resources/definition.js';
import * as definitions from './resources/definitions/index.js';
import { GiftsResource } from './resources/gifts-resource.js';
import { GroupsResource } from './resources/groups-resource.js';
import {
  type ElementName,
  RESOURCE_NAMES,
  type RecordOf,
  type ResourceName,
  type ResourceRecords,
  resourceName,
} from './resources/names.js';
import { ObjectsResource } from './resources/objects-resource.js';
import { type ListAllOptions, Resource } from './resources/resource.js';
import type {
  BulkJob,
  Journal,
  JournalCreate,
  Payment,
  PaymentCreate,
  PurchaseOrder,
  PurchaseOrderCreate,
  ReturnAddress,
  ReturnAddressCreate,
  TaxRate,
  TaxRateCreate,
} from './resources/schemas/ledger.js';
import type { Touch, TouchCreate, TouchUpdate } from './resources/schemas/touch.js';
import {
  Me,
  type User,
  type UserCreate,
  type UserInvitation,
  type UserUpdate,
} from './resources/schemas/user.js';
import { checkSegment, parseOutput } from './resources/validate.js';
import { createVdrModule, type VdrDefinition, type VdrModule, type VendorResource } from './vdr/index.js';
import { VERSION } from './version.js';

/** Events of `client.on(...)`. */
export type ClientEvents = {
  /** After every code exchange and every refresh, automatic or not: persist it if you keep tokens yourself. */
  token: [token: Token];
  request: [event: RequestEvent];
  response: [event: ResponseEvent];
  retry: [event: RetryEvent];
};

/** Anything `client.poll()` can watch: every resource module (and VDR modules) qualifies. */
export interface Pollable<T> {
  readonly name: string;
  listAll(where?: Where | string, options?: ListAllOptions): AsyncIterable<T>;
  idOf(record: T): string;
  /**
   * Optional proof of deletes: the ids among `ids` that are gone (404 from the record's own route, or
   * no longer matching `where`). Without it, or when it resolves `undefined`, the poller reports a
   * delete only after two consecutive consistent listings missed the record.
   */
  confirmGone?(
    ids: readonly string[],
    query?: { where?: Where | string | undefined },
    options?: RequestOptions,
  ): Promise<readonly string[] | undefined>;
}

/** Options of `client.poll()`: the poller's options, with `where` as a `Where` or CEQL text. */
export type PollOptions = Omit<PollerOptions, 'where'> & { where?: Where | string };

/** The record type of each resource `client.poll(name)` accepts by name. */
export type PollableResources = ResourceRecords;

/** A resource that can only be read. */
export type ReadOnlyResource<T> = Pick<
  Resource<T>,
  'name' | 'list' | 'get' | 'listAll' | 'idOf' | 'where' | 'confirmGone'
>;

/** Element configuration keys, as in the element's "Sample Configuration JSON". */
export type ElementConfiguration = {
  'oauth.api.key': string;
  'oauth.api.secret': string;
  'oauth.callback.url'?: string;
};

/**
 * The Sendoso client: OAuth 2.0, typed resources, CEQL queries and polling, over one request path
 * with retries, a proactive rate limiter, timeouts and cancellation.
 */
export class SendosoClient extends TypedEmitter<ClientEvents> {
  readonly auth: AuthApi;
  readonly touches: Resource<Touch, TouchCreate, TouchUpdate>;
  readonly groups: GroupsResource;
  readonly gifts: GiftsResource;
  readonly users: Resource<User, UserCreate, UserUpdate, UserInvitation>;
  readonly returnAddresses: Resource<ReturnAddress, ReturnAddressCreate, Partial<ReturnAddressCreate>>;
  readonly journals: Resource<Journal, JournalCreate, Partial<JournalCreate>>;
  readonly payments: Resource<Payment, PaymentCreate, Partial<PaymentCreate>>;
  readonly purchaseOrders: Resource<PurchaseOrder, PurchaseOrderCreate, Partial<PurchaseOrderCreate>>;
  readonly taxRates: Resource<TaxRate, TaxRateCreate, Partial<TaxRateCreate>>;
  readonly bulkJobs: ReadOnlyResource<BulkJob>;
  /** Sendoso's Marketplace: `marketplace.products.list(filters)` and `marketplace.products.send(body)`. */
  readonly marketplace: Marketplace;
  /** SmartSend: `smartSend.recommendations({ recipient_email })` and `smartSend.send(body)`. */
  readonly smartSend: SmartSendResource;
  readonly #sender: RequestSender;
  readonly #logger: Logger;
  readonly #shared: SharedParts;
  readonly #resolved: ResolvedOptions;

  /** Builds a client from the element's configuration JSON (`oauth.api.key`, `oauth.api.secret`, `oauth.callback.url`). */
  static fromElementConfiguration(
    configuration: ElementConfiguration,
    options: ClientOptions = {},
  ): SendosoClient {
    const config = (configuration ?? {}) as Partial<Record<string, unknown>>;
    const issues = (['oauth.api.key', 'oauth.api.secret'] as const)
      .filter((key) => typeof config[key] !== 'string' || !config[key])
      .map((key) => ({ path: key, message: 'is required' }));
    if (issues.length > 0) throw new ValidationError('Invalid element configuration', issues);
    const callback = config['oauth.callback.url'];
    return new SendosoClient({
      ...options,
      clientId: config['oauth.api.key'] as string,
      clientSecret: config['oauth.api.secret'] as string,
      ...(typeof callback === 'string' && callback ? { redirectUri: callback } : {}),
    });
  }

  constructor(options: ClientOptions = {}) {
    super();
    const derived = derivations.get(options);
    const shared = derived?.shared ?? this.#share(options);
    const resolved = derived?.resolved ?? shared.resolved;
    if (derived) this.shareListenersWith(derived.parent);
    this.reportListenerErrorsTo(shared.logger);
    this.#shared = shared;
    this.#resolved = resolved;
    this.#logger = shared.logger;
    this.auth = shared.auth;
    this.#sender = new RequestSender({
      transport: shared.transport,
      baseUrl: resolved.baseUrl,
      tokens: shared.tokens,
      limiter: shared.limiter,
      routeLimiters: shared.routeLimiters,
      timeoutMs: resolved.timeoutMs,
      maxRetries: resolved.maxRetries,
      userAgent: `sendoso-element/${VERSION} node/${process.versions.node}`,
      defaultHeaders: resolved.defaultHeaders,
      defaultQuery: resolved.defaultQuery,
      logger: shared.logger,
      emit: {
        request: (event) => this.emit('request', event),
        response: (event) => this.emit('response', event),
        retry: (event) => this.emit('retry', event),
      },
    });
    const o = shared.resources;
    const sender = this.#sender;
    this.touches = new Resource(withOverrides(definitions.touches, o), sender);
    this.groups = new GroupsResource(withOverrides(definitions.groups, o), sender);
    this.gifts = new GiftsResource(withOverrides(definitions.gifts, o), sender);
    this.users = new Resource(withOverrides(definitions.users, o), sender);
    this.returnAddresses = new Resource(withOverrides(definitions.returnAddresses, o), sender);
    this.journals = new Resource(withOverrides(definitions.journals, o), sender);
    this.payments = new Resource(withOverrides(definitions.payments, o), sender);
    this.purchaseOrders = new Resource(withOverrides(definitions.purchaseOrders, o), sender);
    this.taxRates = new Resource(withOverrides(definitions.taxRates, o), sender);
    this.bulkJobs = new Resource(withOverrides(definitions.bulkJobs, o), sender);
    ({ marketplace: this.marketplace, smartSend: this.smartSend } = createMarketplace(sender));
  }

  /**
   * A client for the same account with other timeouts, retries, headers or query parameters. It
   * shares this client's token manager (one refresh for both), rate limiters, connections, `auth`
   * and event listeners; `defaultHeaders` and `defaultQuery` are added to this client's.
   */
  withOptions(overrides: ClientOverrides): SendosoClient {
    const resolved = resolveOverrides(this.#resolved, overrides);
    const key: ClientOptions = {};
    derivations.set(key, { shared: this.#shared, resolved, parent: this });
    return new SendosoClient(key);
  }

  /** What a client built with `new` creates, and the clients made from it by `withOptions()` share. */
  #share(options: ClientOptions): SharedParts {
    const resolved = resolveOptions(options);
    const logger = createLogger(options.logger, options.logLevel);
    const agents = createAgents(resolved);
    const transport = createTransport({ maxResponseBytes: resolved.maxResponseBytes, agents });
    const grants = new OAuthGrants({
      clientId: resolved.clientId,
      clientSecret: resolved.clientSecret,
      redirectUri: resolved.redirectUri,
      authBaseUrl: resolved.authBaseUrl,
      timeoutMs: resolved.timeoutMs,
      maxResponseBytes: resolved.maxResponseBytes,
      agents: agents.chosen ? agents : undefined,
      logger,
    });
    const tokens = new TokenManager({
      grants,
      store: options.tokenStore ?? new MemoryTokenStore(),
      initialToken: options.token,
      refreshSkewMs: resolved.refreshSkewMs,
      onToken: (token) => {
        logger.info('token stored', { expiresAt: new Date(token.expiresAt).toISOString() });
        this.emit('token', token);
      },
    });
    const auth = new AuthApi({
      grants,
      tokens,
      transport,
      authBaseUrl: resolved.authBaseUrl,
      clientId: resolved.clientId,
      clientSecret: resolved.clientSecret,
      scopes: resolved.scopes,
      timeoutMs: resolved.timeoutMs,
    });
    const limiter =
      resolved.rateLimit === false
        ? undefined
        : typeof resolved.rateLimit === 'number'
          ? new SlidingWindowLimiter(resolved.rateLimit)
          : resolved.rateLimit;
    return {
      resolved,
      logger,
      transport,
      tokens,
      auth,
      limiter,
      routeLimiters: routeLimiters(resolved.marketplaceRateLimit),
      resources: options.resources,
    };
  }

  /** `GET /me`: the user the token belongs to. */
  me(options: RequestOptions = {}): ApiPromise<Me> {
    return callApi(async () => {
      const response = await this.#sender.send({ method: 'GET', path: '/me' }, options);
      return sent(response, () => parseOutput(Me, response.data, 'me', response.status));
    });
  }

  /** Any other object of the element, at `/{name}` (with `.children(id, child)`). */
  objects(name: string): ObjectsResource {
    return new ObjectsResource(definitions.objectDefinition(checkSegment(name, 'name')), this.#sender);
  }

  /**
   * Watches a resource and emits `created` / `updated` / `deleted` events by diffing complete
   * listings (Sendoso has no change feed). Accepts a resource name (also the element's
   * `return-addresses` style) or any module with `listAll` and `idOf`.
   */
  poll<K extends ResourceName | ElementName>(resource: K, options?: PollOptions): Poller<RecordOf<K>>;
  poll<T>(resource: Pollable<T>, options?: PollOptions): Poller<T>;
  poll(resource: string | Pollable<unknown>, options: PollOptions = {}): Poller<unknown> {
    const module = typeof resource === 'string' ? this.#pollable(resource) : resource;
    if (!isPlainObject(options)) {
      throw new ValidationError('Invalid poller options', [
        { path: '', message: 'poller options must be a plain object ({ ... })' },
      ]);
    }
    const { where, ...rest } = options;
    // Canonical text, so the same query written two ways shares one state key.
    const canonical = where === undefined ? undefined : String(toWhere(where));
    const source: PollSource<unknown> = {
      resource: module.name,
      list: ({ where: w, signal, prefetch }) =>
        module.listAll(w, { ...(signal ? { signal } : {}), ...(prefetch === undefined ? {} : { prefetch }) }),
      idOf: (record) => module.idOf(record),
    };
    const confirmGone = module.confirmGone;
    if (confirmGone) {
      source.confirmGone = (ids, { where: w, signal }) =>
        confirmGone.call(module, ids, { where: w }, signal ? { signal } : {});
    }
    return new Poller(source, { ...rest, where: canonical, logger: rest.logger ?? this.#logger });
  }

  /**
   * A virtual data resource: your own object model mapped onto an element resource (`resource:
   * 'gifts'`) or any other object name (`objects: 'widgets'`), `fields` mapping your names to vendor
   * paths, with the same list/get/create/update/delete, `where` in your field names, and polling with
   * `client.poll(module)`. The definition may come from JSON.
   */
  vdr<T = Record<string, unknown>>(name: string, definition: VdrDefinition<T>): VdrModule<T> {
    return createVdrModule<T>(name, definition, {
      element: (key) => this[key] as unknown as VendorResource,
      objects: (objectName) => this.objects(objectName),
    });
  }

  #pollable(name: string): Pollable<unknown> {
    const key = resourceName(name);
    if (!key) {
      throw new ValidationError('Invalid poll resource', [
        {
          path: 'resource',
          message: `unknown resource "${name}"; use one of ${RESOURCE_NAMES.join(', ')} (or the element's hyphenated names), or a module`,
        },
      ]);
    }
    return this[key] as Pollable<unknown>;
  }

  /** Keeps secrets out of `console.log(client)` and `JSON.stringify(client)`. */
  toJSON(): Record<string, unknown> {
    return { name: 'SendosoClient' };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'SendosoClient {}';
  }
}

/** The marketplace's own window (100 requests a minute per user), counted besides the per-second one. */
function routeLimiters(
  marketplace: { requests: number; windowMs: number } | RateLimiter | false,
): Record<string, RateLimiter> {
  if (marketplace === false) return {};
  if ('acquire' in marketplace) return { marketplace };
  return {
    marketplace: new SlidingWindowLimiter({ limit: marketplace.requests, windowMs: marketplace.windowMs }),
  };
}

/** Everything a client shares with the clients `withOptions()` makes from it. */
type SharedParts = {
  resolved: ResolvedOptions;
  logger: Logger;
  transport: AxiosInstance;
  tokens: TokenManager;
  auth: AuthApi;
  limiter: RateLimiter | undefined;
  routeLimiters: Record<string, RateLimiter>;
  resources: ClientOptions['resources'];
};

/**
 * Hands `withOptions()`'s shared parts to the constructor, keyed by the (fresh, private) options
 * object it passes: nothing a user can build reaches this path.
 */
const derivations = new WeakMap<
  ClientOptions,
  { shared: SharedParts; resolved: ResolvedOptions; parent: SendosoClient }
>();

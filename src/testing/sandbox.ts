import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultQueue } from './faults.js';
import { latencyProblem } from './latency.js';
import { PRODUCTS_PATH, seedProducts } from './marketplace-catalogue.js';
import { normalizeScope } from './oauth-routes.js';
import { OAuthState, opaque } from './oauth-state.js';
import { handleRequest, type PipelineContext } from './pipeline.js';
import { SlidingWindowLimiter } from './rate-limit.js';
import { RequestLog } from './request-log.js';
import { RESOURCES } from './resource-table.js';
import { routeAliases } from './route-aliases.js';
import { seedStore } from './seed.js';
import { Store } from './store.js';
import type { Sandbox, SandboxData, SandboxOptions, SandboxResource, SandboxSettings } from './types.js';
import { WebhookSender } from './webhooks.js';

const HOST = '127.0.0.1';

export async function createSandbox(given: SandboxOptions = {}): Promise<Sandbox> {
  const limit = given.rateLimit;
  const options = { ...given, rateLimit: typeof limit === 'object' ? limit.requestsPerSecond : limit };
  validate(options);
  const settings: SandboxSettings = {
    omitRefreshTokenOnRefresh: false,
    rateLimit: options.rateLimit ?? 10,
    marketplaceRateLimit: options.marketplaceRateLimit ?? { requests: 100, windowMs: 60_000 },
    tokenTtlSeconds: options.tokenTtlSeconds ?? 7200,
    rateLimitPer: options.rateLimitPer ?? 'sandbox',
    latencyMs: options.latencyMs ?? 0,
    latencyJitterMs: options.latencyJitterMs ?? 0,
  };
  const clientId = options.clientId ?? opaque();
  const clientSecret = options.clientSecret ?? opaque();
  const redirectUri = options.redirectUri ?? `http://${HOST}/callback`;
  const store = new Store();
  seedStore(store, options.seed);
  const webhooks = new WebhookSender(store.collection(RESOURCES.gifts.path), {
    retryDelaysMs: options.webhookRetryDelaysMs,
    timeoutMs: options.webhookTimeoutMs,
  });
  seedProducts(store.collection(PRODUCTS_PATH), options.seed?.products);
  const state = new OAuthState();
  const log = new RequestLog();
  const faults = new FaultQueue();
  const closing = new AbortController();
  const ctx: PipelineContext = {
    settings,
    log,
    limiter: new SlidingWindowLimiter(),
    marketplaceLimiter: new SlidingWindowLimiter(),
    userWindows: new Map(),
    faults,
    oauth: { clientId, clientSecret, redirectUri, settings, state },
    api: { store, state, routes: routeAliases(options.routes) },
    closing: closing.signal,
  };

  const server = createServer((req, res) => void handleRequest(req, res, ctx));
  const port = await listen(server, options.port ?? 0);
  let closed: Promise<void> | undefined;

  return {
    baseUrl: `http://${HOST}:${port}/api/v3`,
    authBaseUrl: `http://${HOST}:${port}`,
    port,
    clientId,
    clientSecret,
    redirectUri,
    settings,
    data: dataOf(store),
    faults,
    webhooks,
    get requests() {
      return log.snapshot();
    },
    clearRequests: () => log.clear(),
    clientOptions: () => ({
      clientId,
      clientSecret,
      redirectUri,
      baseUrl: `http://${HOST}:${port}/api/v3`,
      authBaseUrl: `http://${HOST}:${port}`,
    }),
    authorize: async ({ scopes, userId } = {}) =>
      state.issueCode(
        redirectUri,
        normalizeScope(scopes?.join(' ')),
        undefined,
        userId === undefined ? undefined : String(userId),
      ),
    expireAccessTokens: () => state.expireAll(),
    close: () => {
      webhooks.close();
      closed ??= shutdown(server, closing);
      return closed;
    },
  };
}

function dataOf(store: Store): SandboxData {
  const of = (resource: SandboxResource) => store.collection(RESOURCES[resource].path);
  return {
    touches: of('touches'),
    groups: of('groups'),
    gifts: of('gifts'),
    users: of('users'),
    returnAddresses: of('returnAddresses'),
    journals: of('journals'),
    payments: of('payments'),
    purchaseOrders: of('purchaseOrders'),
    taxRates: of('taxRates'),
    bulkJobs: of('bulkJobs'),
    products: store.collection(PRODUCTS_PATH),
    collection: (name) => store.collection(name),
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function shutdown(server: Server, closing: AbortController): Promise<void> {
  closing.abort();
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive sockets would otherwise hold close() open for up to keepAliveTimeout.
    server.closeAllConnections();
  });
}

function validate(options: SandboxOptions & { rateLimit?: number | false }): void {
  const { port, rateLimit, tokenTtlSeconds, redirectUri } = options;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) {
    throw new RangeError(`createSandbox: port must be an integer 0..65535, got ${port}`);
  }
  if (rateLimit !== undefined && rateLimit !== false && (!Number.isInteger(rateLimit) || rateLimit < 1)) {
    throw new RangeError(
      `createSandbox: rateLimit must be a positive integer or false, got ${String(rateLimit)}`,
    );
  }
  const market = options.marketplaceRateLimit;
  if (
    market !== undefined &&
    market !== false &&
    !(Number.isInteger(market?.requests) && market.requests >= 1 && market.windowMs > 0)
  ) {
    throw new RangeError(
      'createSandbox: marketplaceRateLimit must be { requests: integer >= 1, windowMs: > 0 } or false',
    );
  }
  if (options.rateLimitPer !== undefined && !['sandbox', 'user'].includes(options.rateLimitPer)) {
    throw new RangeError(
      `createSandbox: rateLimitPer must be 'sandbox' or 'user', got ${String(options.rateLimitPer)}`,
    );
  }
  if (tokenTtlSeconds !== undefined && !(Number.isFinite(tokenTtlSeconds) && tokenTtlSeconds >= 0)) {
    throw new RangeError(
      `createSandbox: tokenTtlSeconds must be a non-negative number, got ${tokenTtlSeconds}`,
    );
  }
  const latency = latencyProblem(options.latencyMs, options.latencyJitterMs);
  if (latency) throw new RangeError(`createSandbox: ${latency}`);
  if (redirectUri !== undefined && !URL.canParse(redirectUri)) {
    throw new TypeError(`createSandbox: redirectUri must be an absolute URL, got ${redirectUri}`);
  }
}

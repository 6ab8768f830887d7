import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { API_PREFIX, type ApiContext, handleApi } from './api-routes.js';
import { applyFault, type FaultQueue } from './faults.js';
import {
  type Answer,
  answer,
  BodyTooLargeError,
  type Exchange,
  failure,
  parseBody,
  parseTarget,
  readBody,
  send,
} from './http-io.js';
import { drawLatency } from './latency.js';
import { marketplaceLimit } from './marketplace-limit.js';
import { handleOAuth, type OAuthContext } from './oauth-routes.js';
import { type SlidingWindowLimiter, TOO_MANY_REQUESTS } from './rate-limit.js';
import { type UserWindows, windowsFor } from './rate-windows.js';
import type { RequestLog } from './request-log.js';
import type { SandboxSettings } from './types.js';
import { closedWhileWaiting } from './wait.js';

export interface PipelineContext {
  settings: SandboxSettings;
  log: RequestLog;
  limiter: SlidingWindowLimiter;
  /** The Marketplace and SmartSend window (100 a minute per user), of the default user. */
  marketplaceLimiter: SlidingWindowLimiter;
  /** Each token owner's windows, used instead of the two above with `rateLimitPer: 'user'`. */
  userWindows: UserWindows;
  faults: FaultQueue;
  oauth: OAuthContext;
  api: ApiContext;
  /** Aborted by close(): cuts injected delays short. */
  closing: AbortSignal;
}

/** Every request: latency (first half) → log → rate limit → fault → body → routes → latency (second half). */
export async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: PipelineContext,
): Promise<void> {
  const latency = drawLatency(ctx.settings);
  // On its way: the request has not reached "Sendoso" yet, so it is neither logged nor counted.
  if (latency > 0 && (await closedWhileWaiting(latency / 2, ctx.closing))) {
    req.socket.destroy();
    return;
  }
  const arrivedAt = performance.now();
  const at = Date.now();
  const method = (req.method ?? 'GET').toUpperCase();
  const { path, query, queryAll } = parseTarget(req.url ?? '/');
  const log = ctx.log.start({ method, path, query, queryAll, at, arrivedAt });
  const ex: Exchange = { req, res, method, path, query, queryAll, body: undefined, log };
  if (latency > 0) ex.answerDelay = { ms: latency / 2, closing: ctx.closing };
  const isApi = path === API_PREFIX || path.startsWith(`${API_PREFIX}/`);

  // Decided on arrival, before the body is read, so the window sees requests in arrival order.
  // Sendoso limits its API only; a 429 is not counted, and a rate-limited request consumes no fault.
  const limit = ctx.settings.rateLimit;
  const windows = windowsFor(ctx, req);
  const coreLimited = isApi && limit !== false && !windows.limiter.tryAcquire(limit, 1000, arrivedAt);
  const limited = coreLimited
    ? answer(429, TOO_MANY_REQUESTS)
    : marketplaceLimit(path, { settings: ctx.settings, ...windows });
  const rateLimited = limited !== undefined;
  const fault = rateLimited ? undefined : ctx.faults.take(method, path, isApi);

  try {
    const parsed = parseBody(req.headers['content-type'], await readBody(req));
    if (parsed.ok) {
      ex.body = parsed.value;
      ctx.log.setBody(log, parsed.value);
    }
    if (rateLimited) log.rateLimited = true;
    if (fault) log.fault = true;
    if (fault && !rateLimited && (await applyFault(ex, fault, ctx.closing))) return;
    send(ex, limited ?? route(ex, ctx, isApi, parsed));
  } catch (err) {
    if (err instanceof BodyTooLargeError)
      return send(ex, answer(413, { success: false, message: err.message }, { connection: 'close' }));
    // A client that hung up mid-body leaves nothing to answer; anything else is a sandbox bug made visible.
    if (!req.destroyed) send(ex, failure(500, `Sandbox error: ${(err as Error).message}`));
  }
}

function route(
  ex: Exchange,
  ctx: PipelineContext,
  isApi: boolean,
  parsed: ReturnType<typeof parseBody>,
): Answer {
  const isOAuth = ex.path.startsWith('/oauth/');
  if (!parsed.ok) {
    return isOAuth
      ? answer(400, { error: 'invalid_request', error_description: parsed.message })
      : failure(400, parsed.message);
  }
  if (isOAuth) return handleOAuth(ex, ctx.oauth);
  if (isApi) return handleApi(ex, ctx.api);
  return failure(404, `No route ${ex.path}`);
}

import { type Answer, answer } from './http-io.js';
import type { SlidingWindowLimiter } from './rate-limit.js';
import type { SandboxSettings } from './types.js';

const LIMITED = /^\/api\/v3\/(marketplace|smartsend)(\/|$)/;

/**
 * Sendoso allows 100 Marketplace and SmartSend requests a minute per user, and its 429 says when the
 * window resets in `X-Rate-Limit-Reset`. Its format is not documented; the sandbox sends Unix
 * seconds, rounded up so a client that waits until then is never early.
 */
export function marketplaceLimit(
  path: string,
  ctx: { settings: SandboxSettings; marketplaceLimiter: SlidingWindowLimiter },
): Answer | undefined {
  const limit = ctx.settings.marketplaceRateLimit;
  if (limit === false || !LIMITED.test(path)) return undefined;
  if (ctx.marketplaceLimiter.tryAcquire(limit.requests, limit.windowMs)) return undefined;
  const reset = Math.ceil((Date.now() + ctx.marketplaceLimiter.msUntilFree(limit.windowMs)) / 1000);
  return answer(
    429,
    {
      success: false,
      message: `Rate limit exceeded: ${limit.requests} requests per ${limit.windowMs / 1000} seconds`,
    },
    { 'x-rate-limit-reset': String(reset) },
  );
}

import type { IncomingMessage } from 'node:http';
import { bearerToken } from './http-io.js';
import type { OAuthState } from './oauth-state.js';
import { SlidingWindowLimiter } from './rate-limit.js';
import type { SandboxSettings } from './types.js';

/** The two windows a request may count in: the core API's and the Marketplace/SmartSend one. */
export type Windows = { limiter: SlidingWindowLimiter; marketplaceLimiter: SlidingWindowLimiter };

/** The windows of each token owner, for `rateLimitPer: 'user'` (keyed `''` for the default user). */
export type UserWindows = Map<string, Windows>;

/**
 * Sendoso counts its limits per account, so an app with many connected accounts may send each
 * account's full budget at once. With `rateLimitPer: 'user'` the sandbox does the same: a request
 * counts in the windows of the user its bearer token belongs to (unknown tokens count with the
 * default user). Otherwise every request counts in the sandbox's one pair of windows.
 */
export function windowsFor(
  ctx: { settings: SandboxSettings; oauth: { state: OAuthState }; userWindows: UserWindows } & Windows,
  req: IncomingMessage,
): Windows {
  if (ctx.settings.rateLimitPer !== 'user') return ctx;
  const token = bearerToken(req);
  const user = (token && ctx.oauth.state.ownerOf(token)) ?? '';
  let windows = ctx.userWindows.get(user);
  if (!windows) {
    windows = { limiter: new SlidingWindowLimiter(), marketplaceLimiter: new SlidingWindowLimiter() };
    ctx.userWindows.set(user, windows);
  }
  return windows;
}

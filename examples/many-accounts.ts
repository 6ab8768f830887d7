/**
 * Many Sendoso accounts in one app (an integration platform, a CRM connector): one client per
 * connected account, each with its own token store key, and one set of rate limiters per account,
 * shared by every client of that account in the process. Sendoso counts its limits per account, so
 * accounts never slow each other down, while two jobs of one account never add up to more than its
 * budget. test/dx/many-accounts.test.ts runs this with 100 accounts on the sandbox.
 */
import {
  type ClientOptions,
  type RateLimiter,
  SendosoClient,
  SlidingWindowLimiter,
  type TokenStore,
} from 'sendoso-element';

// #region readme many-accounts
/** Sendoso's two limits, counted per account: one pair per account, shared by all its clients. */
type AccountLimiters = { rateLimit: RateLimiter; marketplaceRateLimit: RateLimiter };
const limiters = new Map<string, AccountLimiters>();

function limitersOf(accountId: string): AccountLimiters {
  let account = limiters.get(accountId);
  if (!account) {
    account = {
      rateLimit: new SlidingWindowLimiter(10), // 10 requests a second
      marketplaceRateLimit: new SlidingWindowLimiter({ limit: 100, windowMs: 60_000 }),
    };
    limiters.set(accountId, account);
  }
  return account;
}

/**
 * A client for one connected account. Give every client of an account the same token store (one
 * key per account: a file, a Redis key), so they share its tokens and refresh them once.
 */
export function clientForAccount(
  accountId: string,
  tokenStore: TokenStore,
  options: ClientOptions = {},
): SendosoClient {
  return new SendosoClient({ ...options, tokenStore, ...limitersOf(accountId) });
}
// #endregion

/**
 * Application code an SDK user might write: keep each user's Sendoso token in your own database, so
 * every server process shares it. Its test (token-store.test.ts) runs it against the sandbox.
 */
import type { Token, TokenStore } from 'sendoso-element';

/** What the app's database offers: a row per user, and a lock shared by every process. */
export interface TokenTable {
  load(userId: string): Promise<Token | undefined>;
  save(userId: string, token: Token): Promise<void>;
  remove(userId: string): Promise<void>;
  /** Runs `fn` holding a lock named `key` that no other process holds meanwhile. */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

// #region readme token-store
/** One user's token in your own table; `lock` makes clients in every process take turns refreshing. */
export function tokenStoreFor(db: TokenTable, userId: string): TokenStore {
  return {
    get: () => db.load(userId),
    set: (token) => db.save(userId, token),
    clear: () => db.remove(userId),
    // e.g. Postgres: a transaction holding pg_advisory_xact_lock(hashtext('sendoso:' || userId))
    lock: (fn) => db.withLock(`sendoso:${userId}`, fn),
  };
}
// #endregion

import { Mutex } from './mutex.js';
import type { Token } from './token.js';

/**
 * Where the client keeps its token. Implement it to share tokens through a database, Redis, a vault...
 *
 * Sendoso rotates refresh tokens, so two clients (or processes) that share a store and refresh at the
 * same moment would race: the loser sends a refresh token the winner already used up, and is told
 * `invalid_grant`. A store shared that way should implement {@link TokenStore.lock}.
 */
export interface TokenStore {
  get(): Promise<Token | undefined>;
  set(token: Token): Promise<void>;
  clear(): Promise<void>;
  /**
   * Optional. Runs `fn` while no other client or process using this store runs its own `fn`, and
   * returns what `fn` returns (rejecting as it rejects). The SDK calls it around "read the store →
   * refresh only if the token is still stale → write the new pair", around writing an exchanged token,
   * and around a revoke, so the loser of a race reads the winner's pair instead of refreshing a dead
   * one. `fn` never calls `lock` again, and it is bounded in time: a token request plus one `get`
   * and one `set`, each limited by the client's `timeoutMs`.
   *
   * `FileTokenStore` locks across processes with a lock file; `MemoryTokenStore` within the process.
   * A store over a shared service can lock there, for example Redis: `SET key owner NX PX ttl`, retried
   * until it succeeds, `fn`, then delete the key only if it still holds `owner` (a Lua compare-and-delete),
   * with a `ttl` longer than `fn` can take (or extended while it runs), so a crashed holder's lock
   * expires on its own. When a store has no `lock`, clients in one process that share the store object
   * still take turns, but separate processes are only protected by a re-read after `invalid_grant`.
   */
  lock?<T>(fn: () => Promise<T>): Promise<T>;
}

/** The default store: the token lives as long as the process. Clients that share one take turns refreshing. */
export class MemoryTokenStore implements TokenStore {
  #token: Token | undefined;
  readonly #mutex = new Mutex();

  constructor(token?: Token) {
    this.#token = token;
  }

  async get(): Promise<Token | undefined> {
    return this.#token;
  }

  async set(token: Token): Promise<void> {
    this.#token = token;
  }

  async clear(): Promise<void> {
    this.#token = undefined;
  }

  lock<T>(fn: () => Promise<T>): Promise<T> {
    return this.#mutex.run(fn);
  }
}

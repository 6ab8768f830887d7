import { OAuthError } from '../errors.js';
import { abortable } from '../http/abort.js';
import type { OAuthGrants } from './oauth-grants.js';
import type { Token } from './token.js';
import type { TokenStore } from './token-store.js';

export type TokenManagerConfig = {
  grants: OAuthGrants;
  store: TokenStore;
  initialToken: Token | undefined;
  refreshSkewMs: number;
  onToken: (token: Token) => void;
};

/**
 * Owns the token lifecycle: loads it from the store, refreshes it before it expires, and makes sure
 * that any number of concurrent callers that find it stale share ONE refresh. Sendoso rotates refresh
 * tokens, so two parallel refreshes would race and the loser would kill the winner's session.
 */
export class TokenManager {
  readonly #config: TokenManagerConfig;
  #token: Token | undefined;
  #loaded = false;
  #refreshing: Promise<Token> | undefined;
  /** Bumped by every adopt and by forget: a read or refresh that started earlier must not win. */
  #version = 0;
  /** Bumped by forget (logout): a refresh that started before it must not bring the session back. */
  #generation = 0;
  #revoking = false;

  constructor(config: TokenManagerConfig) {
    this.#config = config;
    this.#token = config.initialToken;
  }

  /** The current token, as stored (may be stale). */
  async current(): Promise<Token | undefined> {
    // The store is the source of truth (another process may have rotated the token); the initial
    // token is only a fallback for an empty store. A token adopted while the read was under way is
    // newer than what the read returns, so it stays.
    const version = this.#version;
    const stored = await this.#config.store.get();
    if (stored && version === this.#version) this.#token = stored;
    this.#loaded = true;
    return this.#token;
  }

  /** Waits for a refresh in flight (if any), whatever its outcome. */
  async settled(): Promise<void> {
    await this.#refreshing?.catch(() => undefined);
  }

  /** A token that is good for at least `refreshSkewMs`, refreshing it first if needed. */
  async accessToken(signal?: AbortSignal): Promise<Token> {
    if (this.#refreshing) return abortable(this.#refreshing, signal);
    const token = this.#loaded && this.#token ? this.#token : await this.current();
    if (!token) {
      throw new OAuthError(
        'no_token',
        'No OAuth token yet: send the user to client.auth.authorizationUrl() and call client.auth.exchangeCode(code), or pass `token`',
      );
    }
    if (token.expiresAt - this.#config.refreshSkewMs > Date.now()) return token;
    if (!token.refreshToken && token.expiresAt > Date.now()) return token;
    return this.refresh(token, signal);
  }

  /**
   * Refreshes `stale` unless someone already replaced it (then the newer token is returned), sharing
   * a refresh that is already in flight. Without `stale` (an explicit `client.auth.refresh()`), it
   * always asks for a new token.
   */
  async refresh(stale?: Token, signal?: AbortSignal): Promise<Token> {
    if (this.#revoking) throw new OAuthError('revoked', 'The session is being revoked');
    if (!this.#refreshing) {
      const current = this.#token ?? (await this.current());
      if (!current) {
        throw new OAuthError('no_token', 'No OAuth token to refresh: run the authorization flow first');
      }
      // Re-checked after the await above: a refresh or a revoke may have started meanwhile.
      if (this.#revoking) throw new OAuthError('revoked', 'The session is being revoked');
      if (!this.#refreshing) {
        if (stale && current.accessToken !== stale.accessToken) return current;
        this.#refreshing = this.#run(current, stale !== undefined);
      }
    }
    return abortable(this.#refreshing, signal);
  }

  /**
   * One refresh. The store is read again first: another process (or client) sharing it may have
   * rotated the refresh token already, and ours would then be dead. On `invalid_grant` it is read
   * once more, for a rotation that raced ours.
   */
  async #run(current: Token, automatic: boolean): Promise<Token> {
    const generation = this.#generation;
    // Logged out (forget) while this refresh was under way: keep it that way, adopt nothing. A
    // refresh already in flight when a revoke starts is different: revoke waits for it and then
    // revokes the pair it produced.
    const stillLive = () => {
      if (generation !== this.#generation) {
        throw new OAuthError('revoked', 'The session was revoked while a token refresh was in flight');
      }
    };
    try {
      let base = (await this.#newerInStore(current)) ?? current;
      stillLive();
      if (automatic && base !== current && this.#usable(base)) {
        this.#token = base;
        return base;
      }
      let fresh: Token;
      try {
        // No caller's signal here: the refresh is shared, and one caller giving up must not fail the
        // others (or lose a rotated refresh token mid-flight).
        fresh = await this.#config.grants.refresh(base);
      } catch (err) {
        const newer =
          err instanceof OAuthError && err.code === 'invalid_grant'
            ? await this.#newerInStore(base)
            : undefined;
        if (!newer) throw err;
        stillLive();
        base = newer;
        this.#token = base;
        if (automatic && this.#usable(base)) return base;
        fresh = await this.#config.grants.refresh(base);
      }
      stillLive();
      await this.#adopt(fresh);
      return fresh;
    } finally {
      this.#refreshing = undefined;
    }
  }

  /** The stored token, when it holds another refresh token than `token` (someone rotated it). */
  async #newerInStore(token: Token): Promise<Token | undefined> {
    const stored = await this.#config.store.get();
    return stored && stored.refreshToken !== token.refreshToken ? stored : undefined;
  }

  #usable(token: Token): boolean {
    return token.expiresAt - this.#config.refreshSkewMs > Date.now();
  }

  /** Stores a token obtained by an exchange or a refresh, and announces it. */
  async adopt(token: Token): Promise<void> {
    await this.#adopt(token);
  }

  /**
   * Logs out: waits for a refresh in flight, revokes the newest pair with `revokeAt`, and clears the
   * store. No refresh may start meanwhile, or a fresh pair could outlive the revoke.
   */
  async revoke(revokeAt: (token: Token) => Promise<void>): Promise<void> {
    this.#revoking = true;
    try {
      await this.settled();
      const token = this.#token ?? (await this.current());
      if (token) await revokeAt(token);
      await this.forget();
    } finally {
      this.#revoking = false;
    }
  }

  async forget(): Promise<void> {
    this.#generation++;
    this.#version++;
    this.#token = undefined;
    await this.#config.store.clear();
  }

  async #adopt(token: Token): Promise<void> {
    this.#version++;
    this.#token = token;
    this.#loaded = true;
    await this.#config.store.set(token);
    this.#config.onToken(token);
  }
}

import { OAuthError, SendosoError, TokenPersistError } from '../errors.js';
import { abortable } from '../http/abort.js';
import { MutexMap } from './mutex.js';
import type { OAuthGrants } from './oauth-grants.js';
import { refreshAt, type Token } from './token.js';
import type { TokenStore } from './token-store.js';

export type TokenManagerConfig = {
  grants: OAuthGrants;
  store: TokenStore;
  initialToken: Token | undefined;
  refreshSkewMs: number;
  onToken: (token: Token) => void;
};

/** Turns for stores without a lock of their own: clients in this process sharing the store object. */
const storeTurns = new MutexMap<TokenStore>();

/**
 * Owns the token lifecycle: loads it from the store, refreshes it before it expires, and makes sure
 * that any number of concurrent callers that find it stale share ONE refresh. Sendoso rotates refresh
 * tokens, so two parallel refreshes would race and the loser would kill the winner's session: across
 * clients and processes, every refresh runs under the store's lock and starts by reading the store.
 */
export class TokenManager {
  readonly #config: TokenManagerConfig;
  #token: Token | undefined;
  #loaded = false;
  #refreshing: Promise<Token> | undefined;
  /** A pair the store failed to save: it lives only here until a write succeeds. */
  #unsaved: Token | undefined;
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
    // The store holds an older pair than ours until a failed write is retried.
    if (this.#unsaved) return this.#token;
    // The store is the source of truth (another process may have rotated the token); the initial
    // token is only a fallback for an empty store. A token adopted while the read was under way is
    // newer than what the read returns, so it stays.
    const version = this.#version;
    const stored = await this.#config.store.get();
    if (stored && version === this.#version && !this.#unsaved) this.#token = stored;
    this.#loaded = true;
    return this.#token;
  }

  /** Waits for a refresh in flight (if any), whatever its outcome. */
  async settled(): Promise<void> {
    await this.#refreshing?.catch(() => undefined);
  }

  /**
   * A token that is good for a while yet, refreshing it first if needed. A pair the store failed to
   * save is written first; while that keeps failing, this rejects with `TokenPersistError`.
   */
  async accessToken(signal?: AbortSignal): Promise<Token> {
    if (this.#refreshing) return abortable(this.#refreshing, signal);
    if (this.#unsaved) await abortable(this.#saveUnsavedLocked(), signal);
    const token = this.#loaded && this.#token ? this.#token : await this.current();
    if (!token) {
      throw new OAuthError(
        'no_token',
        'No OAuth token yet: send the user to client.auth.authorizationUrl() and call client.auth.exchangeCode(code), or pass `token`',
      );
    }
    if (this.#usable(token)) return token;
    if (!token.refreshToken && token.expiresAt > Date.now()) return token;
    return this.refresh(token, signal);
  }

  /**
   * Refreshes `stale` unless someone already replaced it (then the newer token is returned), sharing
   * a refresh that is already in flight. Without `stale` (an explicit `client.auth.refresh()`), it
   * always asks for a new token. `timeoutMs` bounds the token request this call starts.
   */
  async refresh(stale?: Token, signal?: AbortSignal, timeoutMs?: number): Promise<Token> {
    if (this.#revoking) throw new OAuthError('revoked', 'The session is being revoked');
    if (!this.#refreshing) {
      const run = this.#run(stale, timeoutMs);
      this.#refreshing = run;
      const clear = () => {
        if (this.#refreshing === run) this.#refreshing = undefined;
      };
      run.then(clear, clear);
    }
    return abortable(this.#refreshing, signal);
  }

  /**
   * One refresh, under the store's lock: write a pair a failed write left behind, read the store (a
   * sibling may have rotated the pair: then its pair is used, or refreshed if it is stale too),
   * refresh, announce, write. On `invalid_grant` the store is read once more, for a sibling whose
   * store offers no lock.
   */
  #run(stale: Token | undefined, timeoutMs: number | undefined): Promise<Token> {
    const generation = this.#generation;
    // Logged out (forget) while this refresh was under way: keep it that way, adopt nothing. A
    // refresh already in flight when a revoke starts is different: revoke waits for it and then
    // revokes the pair it produced.
    const stillLive = () => {
      if (generation !== this.#generation) {
        throw new OAuthError('revoked', 'The session was revoked while a token refresh was in flight');
      }
    };
    return this.#locked(async () => {
      await this.#saveUnsaved();
      const stored = await this.#config.store.get();
      stillLive();
      let base = stored ?? this.#token;
      if (!base) {
        throw new OAuthError('no_token', 'No OAuth token to refresh: run the authorization flow first');
      }
      if (stale !== undefined && base.accessToken !== stale.accessToken && this.#usable(base)) {
        this.#token = base;
        return base;
      }
      let fresh: Token;
      try {
        // No caller's signal here: the refresh is shared, and one caller giving up must not fail the
        // others (or lose a rotated refresh token mid-flight).
        fresh = await this.#config.grants.refresh(base, timeoutMs);
      } catch (err) {
        const newer =
          err instanceof OAuthError && err.code === 'invalid_grant'
            ? await this.#newerInStore(base)
            : undefined;
        if (!newer) throw err;
        stillLive();
        base = newer;
        this.#token = base;
        if (stale !== undefined && this.#usable(base)) return base;
        fresh = await this.#config.grants.refresh(base, timeoutMs);
      }
      stillLive();
      this.#keep(fresh);
      await this.#saveUnsaved();
      return fresh;
    });
  }

  /** The stored token, when it holds another pair than `token` (someone replaced it). */
  async #newerInStore(token: Token): Promise<Token | undefined> {
    const stored = await this.#config.store.get();
    const same = stored?.accessToken === token.accessToken && stored.refreshToken === token.refreshToken;
    return stored && !same ? stored : undefined;
  }

  #usable(token: Token): boolean {
    return refreshAt(token, this.#config.refreshSkewMs) > Date.now();
  }

  /** Announces a token obtained by a code exchange, and stores it. */
  async adopt(token: Token): Promise<void> {
    this.#keep(token);
    await this.#saveUnsavedLocked();
  }

  /**
   * Logs out: waits for a refresh in flight, then, under the store's lock, revokes what the store
   * holds and the pair in memory when it differs (`revokeAt` gets each distinct token, refresh tokens
   * first), and clears the store. If a revoke fails, the store is left as it was. No refresh may
   * start meanwhile, or a fresh pair could outlive the revoke.
   */
  async revoke(revokeAt: (values: string[]) => Promise<void>): Promise<void> {
    this.#revoking = true;
    try {
      await this.settled();
      await this.#locked(async () => {
        const stored = await this.#config.store.get();
        const values = new Set<string>();
        for (const token of [stored, this.#token]) {
          if (token?.refreshToken) values.add(token.refreshToken);
          if (token) values.add(token.accessToken);
        }
        if (values.size > 0) await revokeAt([...values]);
        await this.#forget();
      });
    } finally {
      this.#revoking = false;
    }
  }

  async #forget(): Promise<void> {
    this.#generation++;
    this.#version++;
    this.#token = undefined;
    this.#unsaved = undefined;
    await this.#config.store.clear();
  }

  /**
   * Keeps a new pair in memory and announces it, before it is written. Announcing first means an
   * app that saves tokens itself has the pair even when the store fails; the old pair is dead at
   * Sendoso already, so a failed write must not lose the new one: it is retried on the next use.
   */
  #keep(token: Token): void {
    this.#version++;
    this.#token = token;
    this.#loaded = true;
    this.#unsaved = token;
    this.#config.onToken(token);
  }

  /** Writes a pending pair under the store's lock; a lock that fails is a failed write too. */
  async #saveUnsavedLocked(): Promise<void> {
    try {
      await this.#locked(() => this.#saveUnsaved());
    } catch (err) {
      throw err instanceof TokenPersistError ? err : persistError(err);
    }
  }

  /** Writes the pair a failed write left behind (if any). Call it holding the store's lock. */
  async #saveUnsaved(): Promise<void> {
    const token = this.#unsaved;
    if (!token) return;
    try {
      await this.#config.store.set(token);
    } catch (err) {
      throw persistError(err);
    }
    if (this.#unsaved === token) this.#unsaved = undefined;
  }

  #locked<T>(fn: () => Promise<T>): Promise<T> {
    const store = this.#config.store;
    if (typeof store.lock === 'function') return store.lock(fn);
    return storeTurns.run(store, fn);
  }
}

function persistError(err: unknown): TokenPersistError {
  const code = (err as { code?: unknown } | undefined)?.code;
  const why = typeof code === 'string' ? code : err instanceof Error ? err.name : 'store error';
  return new TokenPersistError(
    `The new token could not be saved to the token store (${why}); it is kept in memory and the write is retried on the next call`,
    { cause: safeCause(err) },
  );
}

/**
 * The store's error, as far as it cannot hold a secret. Our own errors say only what we wrote into
 * them; a custom store's may quote what it was given (databases echo rejected rows), so only its
 * name and code are kept.
 */
function safeCause(err: unknown): unknown {
  if (err instanceof SendosoError) return err;
  const name = err instanceof Error ? err.name : typeof err;
  const code = (err as { code?: unknown } | undefined)?.code;
  const cause = new Error(
    `${name}${typeof code === 'string' ? ` (${code})` : ''} from the token store; its message is withheld, as it may quote the token`,
  );
  if (typeof code === 'string') Object.assign(cause, { code });
  return cause;
}

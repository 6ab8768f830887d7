import type { Token } from './token.js';

/** Where the client keeps its token. Implement it to share tokens through a database, Redis, a vault... */
export interface TokenStore {
  get(): Promise<Token | undefined>;
  set(token: Token): Promise<void>;
  clear(): Promise<void>;
}

/** The default store: the token lives as long as the process. */
export class MemoryTokenStore implements TokenStore {
  #token: Token | undefined;

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
}

import type { AxiosInstance } from 'axios';
import { AbortError, ConnectionError, OAuthError, TimeoutError, ValidationError } from '../errors.js';
import { abortable } from '../http/abort.js';
import { checkRequestOptions } from '../options.js';
import type { OAuthGrants } from './oauth-grants.js';
import type { Token } from './token.js';
import type { TokenManager } from './token-manager.js';

export type AuthApiConfig = {
  grants: OAuthGrants;
  tokens: TokenManager;
  transport: AxiosInstance;
  authBaseUrl: string;
  clientId: string | undefined;
  clientSecret: string | undefined;
  scopes: string[];
  timeoutMs: number;
};

/** `client.auth`: the OAuth 2.0 authorization-code flow and the token lifecycle. */
export class AuthApi {
  readonly #config: AuthApiConfig;

  /** @internal Created by the client. */
  constructor(config: AuthApiConfig) {
    this.#config = config;
  }

  /**
   * Where to send the user to consent. Pass a `state` you bind to the user's browser and verify in the
   * callback (CSRF protection), and optionally a PKCE `codeChallenge` (S256: base64url of the SHA-256
   * of a verifier you keep and pass to `exchangeCode`).
   */
  authorizationUrl(params: { state?: string; scopes?: string[]; codeChallenge?: string } = {}): string {
    return this.#config.grants.authorizationUrl({
      state: params.state,
      scopes: params.scopes ?? this.#config.scopes,
      codeChallenge: params.codeChallenge,
    });
  }

  /**
   * Trades the `code` from the redirect for a token, stores it and emits `'token'`. With PKCE, pass the
   * `codeVerifier` whose challenge went into `authorizationUrl`.
   */
  async exchangeCode(
    code: string,
    options: { signal?: AbortSignal; timeoutMs?: number; codeVerifier?: string } = {},
  ): Promise<Token> {
    const { codeVerifier: _verifier, ...requestOptions } = options;
    checkRequestOptions(requestOptions);
    const token = await this.#config.grants.exchangeCode(code, options);
    await this.#config.tokens.adopt(token);
    return token;
  }

  /** Refreshes now (sharing a refresh already in flight), stores the rotated token and emits `'token'`. */
  async refresh(options: { signal?: AbortSignal } = {}): Promise<Token> {
    return abortable(this.#config.tokens.refresh(), options.signal);
  }

  /** The stored token, if any (possibly stale; API calls refresh it as needed). */
  async getToken(): Promise<Token | undefined> {
    return this.#config.tokens.current();
  }

  /**
   * Revokes the refresh and access tokens at Sendoso (`POST /oauth/revoke?token=…`, HTTP Basic client
   * auth, as Sendoso documents it) and clears the store. A refresh in flight finishes first and no
   * new one starts meanwhile, so the pair revoked is the newest one.
   */
  async revoke(options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<void> {
    checkRequestOptions(options);
    const { tokens, clientId, clientSecret } = this.#config;
    if (!clientId || !clientSecret) {
      throw new ValidationError('Missing OAuth configuration', [
        { path: 'clientId/clientSecret', message: 'are required to revoke a token' },
      ]);
    }
    await tokens.revoke(async (token) => {
      for (const value of [token.refreshToken, token.accessToken]) {
        if (value) await this.#revokeOne(value, clientId, clientSecret, options);
      }
    });
  }

  async #revokeOne(
    value: string,
    clientId: string,
    clientSecret: string,
    options: { signal?: AbortSignal; timeoutMs?: number },
  ): Promise<void> {
    const { transport, authBaseUrl } = this.#config;
    const timeoutMs = options.timeoutMs ?? this.#config.timeoutMs;
    let status: number;
    try {
      const response = await transport.post(`${authBaseUrl}/oauth/revoke`, undefined, {
        params: { token: value },
        auth: { username: clientId, password: clientSecret },
        timeout: timeoutMs,
        signal: options.signal,
      });
      status = response.status;
    } catch (err) {
      // The axios error holds the Basic credentials and the token in its config: never pass it on.
      if (options.signal?.aborted) throw new AbortError();
      const code = (err as { code?: string }).code;
      if (code === 'ECONNABORTED' || code === 'ETIMEDOUT')
        throw new TimeoutError(timeoutMs, 'OAuth revoke request');
      throw new ConnectionError(
        `Could not reach the OAuth revoke endpoint (${code ?? 'connection error'})`,
        code,
      );
    }
    if (status >= 400) {
      throw new OAuthError('revoke_failed', `The revoke endpoint answered HTTP ${status}`, status);
    }
  }
}

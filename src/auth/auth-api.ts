import type { AxiosInstance } from 'axios';
import {
  AbortError,
  ConnectionError,
  OAuthError,
  ResponseTooLargeError,
  TimeoutError,
  ValidationError,
} from '../errors.js';
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
   * Trades the `code` from the redirect for a token, emits `'token'` and stores it. With PKCE, pass
   * the `codeVerifier` whose challenge went into `authorizationUrl`. If the store cannot save the
   * token, this rejects with `TokenPersistError`: the token is kept in memory and saved on the next call.
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

  /**
   * Refreshes now (sharing a refresh already in flight), emits `'token'` and stores the rotated
   * token. `timeoutMs` bounds the token request this call starts. If the store cannot save the new
   * pair, this rejects with `TokenPersistError`: the pair is kept in memory and saved on the next call.
   */
  async refresh(options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<Token> {
    checkRequestOptions(options);
    return this.#config.tokens.refresh(undefined, options.signal, options.timeoutMs);
  }

  /** The stored token, if any (possibly stale; API calls refresh it as needed). */
  async getToken(): Promise<Token | undefined> {
    return this.#config.tokens.current();
  }

  /**
   * Logout: revokes at Sendoso the pair the store holds, and the pair this client holds when it
   * differs (a sibling client or process may have rotated it), then clears the store.
   * `POST /oauth/revoke?token=…` with HTTP Basic client auth, as Sendoso documents it (id and secret
   * form-encoded first, as RFC 6749 section 2.3.1 requires). Any answer other than 2xx (a redirect
   * included, which is never followed) is an `OAuthError` with code `'revoke_failed'`, and the store
   * is left as it was. A refresh in flight finishes first and no new one starts meanwhile.
   */
  async revoke(options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<void> {
    checkRequestOptions(options);
    const { tokens, clientId, clientSecret } = this.#config;
    if (!clientId || !clientSecret) {
      throw new ValidationError('Missing OAuth configuration', [
        { path: 'clientId/clientSecret', message: 'are required to revoke a token' },
      ]);
    }
    const authorization = basicAuthorization(clientId, clientSecret);
    await tokens.revoke(async (values) => {
      for (const value of values) await this.#revokeOne(value, authorization, options);
    });
  }

  async #revokeOne(
    value: string,
    authorization: string,
    options: { signal?: AbortSignal; timeoutMs?: number },
  ): Promise<void> {
    const { transport, authBaseUrl } = this.#config;
    const timeoutMs = options.timeoutMs ?? this.#config.timeoutMs;
    const maxBytes = this.#config.grants.maxResponseBytes;
    let status: number;
    try {
      const response = await transport.post(`${authBaseUrl}/oauth/revoke`, undefined, {
        params: { token: value },
        headers: { Authorization: authorization },
        timeout: timeoutMs,
        signal: options.signal,
        // A redirect is an answer like any other non-2xx: following it would send the credentials on.
        maxRedirects: 0,
        maxContentLength: maxBytes,
      });
      status = response.status;
    } catch (err) {
      // The axios error holds the Basic credentials and the token in its config: never pass it on.
      if (options.signal?.aborted) throw new AbortError();
      const code = (err as { code?: string }).code;
      if (code === 'ECONNABORTED' || code === 'ETIMEDOUT')
        throw new TimeoutError(timeoutMs, 'OAuth revoke request');
      if (/maxContentLength/.test((err as { message?: string }).message ?? ''))
        throw new ResponseTooLargeError(maxBytes, 'The OAuth revoke endpoint response');
      throw new ConnectionError(
        `Could not reach the OAuth revoke endpoint (${code ?? 'connection error'})`,
        code,
      );
    }
    if (status < 200 || status >= 300) {
      throw new OAuthError('revoke_failed', `The revoke endpoint answered HTTP ${status}`, status);
    }
  }
}

/** HTTP Basic client credentials, each form-encoded before base64 (RFC 6749 section 2.3.1). */
function basicAuthorization(clientId: string, clientSecret: string): string {
  const form = (value: string) => new URLSearchParams([['', value]]).toString().slice(1);
  return `Basic ${Buffer.from(`${form(clientId)}:${form(clientSecret)}`).toString('base64')}`;
}

import { randomBytes } from 'node:crypto';
import { now } from './clock.js';

/** Doorkeeper's (Sendoso's OAuth server) default code lifetime. */
const CODE_TTL_MS = 10 * 60_000;

/**
 * `challenge`: the PKCE S256 challenge the code was issued with (RFC 7636), if any. `user`: the
 * Sendoso user who consented (`sandbox.authorize({ userId })`); the tokens of the code are theirs.
 */
type Code = {
  redirectUri: string;
  scope: string;
  expiresAtMs: number;
  challenge?: string | undefined;
  user?: string | undefined;
};
type AccessToken = {
  expiresAtMs: number;
  refreshToken: string | undefined;
  scope: string;
  user?: string | undefined;
};
type RefreshToken = { scope: string; accessToken: string; user?: string | undefined };

/** The body of a successful token response, as Sendoso sends it. */
export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  refresh_token?: string;
  scope: string;
  created_at: number;
}

export type TokenCheck = 'valid' | 'expired' | 'invalid';

/** Opaque credentials, like Doorkeeper's: 32 random bytes, base64url. */
export const opaque = (): string => randomBytes(32).toString('base64url');

/** Issued codes and tokens. Refresh tokens rotate: using one kills it, unless the response omits its successor. */
export class OAuthState {
  #codes = new Map<string, Code>();
  #access = new Map<string, AccessToken>();
  #refresh = new Map<string, RefreshToken>();

  issueCode(redirectUri: string, scope: string, challenge?: string, user?: string): string {
    const code = opaque();
    this.#codes.set(code, { redirectUri, scope, expiresAtMs: now() + CODE_TTL_MS, challenge, user });
    return code;
  }

  /** Codes are single-use: any attempt burns the code. */
  takeCode(code: string): Code | undefined {
    const found = this.#codes.get(code);
    this.#codes.delete(code);
    return found && found.expiresAtMs > now() ? found : undefined;
  }

  issueTokens(scope: string, ttlSeconds: number, user?: string): TokenResponse {
    const refreshToken = opaque();
    const { access_token, token_type, expires_in, ...rest } = this.#issueAccess(
      scope,
      ttlSeconds,
      refreshToken,
      user,
    );
    this.#refresh.set(refreshToken, { scope, accessToken: access_token, user });
    // Key order as Sendoso documents it.
    return { access_token, token_type, expires_in, refresh_token: refreshToken, ...rest };
  }

  /** `undefined` when the refresh token is unknown, used or revoked. */
  refresh(refreshToken: string, ttlSeconds: number, omitRefreshToken: boolean): TokenResponse | undefined {
    const found = this.#refresh.get(refreshToken);
    if (!found) return undefined;
    if (!omitRefreshToken) {
      this.#refresh.delete(refreshToken);
      return this.issueTokens(found.scope, ttlSeconds, found.user);
    }
    // No successor is sent, so the old refresh token must keep working.
    const response = this.#issueAccess(found.scope, ttlSeconds, refreshToken, found.user);
    found.accessToken = response.access_token;
    return response;
  }

  /** Revokes a token and its pair (Doorkeeper keeps both in one record). Unknown tokens are ignored (RFC 7009). */
  revoke(token: string): void {
    const access = this.#access.get(token);
    if (access) {
      this.#access.delete(token);
      if (access.refreshToken) this.#refresh.delete(access.refreshToken);
    }
    const refresh = this.#refresh.get(token);
    if (refresh) {
      this.#refresh.delete(token);
      this.#access.delete(refresh.accessToken);
    }
  }

  check(accessToken: string): TokenCheck {
    const found = this.#access.get(accessToken);
    if (!found) return 'invalid';
    return found.expiresAtMs > now() ? 'valid' : 'expired';
  }

  /** The user an access token belongs to; `undefined` for the default user and for unknown tokens. */
  ownerOf(accessToken: string): string | undefined {
    return this.#access.get(accessToken)?.user;
  }

  /** The scopes an access token was granted (none for an unknown token). */
  scopesOf(accessToken: string): string[] {
    return (this.#access.get(accessToken)?.scope ?? '').split(' ').filter(Boolean);
  }

  expireAll(): void {
    const at = now();
    for (const token of this.#access.values()) token.expiresAtMs = Math.min(token.expiresAtMs, at);
  }

  #issueAccess(scope: string, ttlSeconds: number, refreshToken: string, user?: string): TokenResponse {
    const accessToken = opaque();
    const issuedAt = now();
    this.#access.set(accessToken, { expiresAtMs: issuedAt + ttlSeconds * 1000, refreshToken, scope, user });
    return {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: ttlSeconds,
      scope,
      created_at: Math.floor(issuedAt / 1000),
    };
  }
}

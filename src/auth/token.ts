/** An OAuth token as the SDK keeps it. `expiresAt` is epoch milliseconds. */
export type Token = {
  accessToken: string;
  refreshToken?: string;
  expiresAt: number;
  scope?: string[];
  tokenType: 'bearer';
  /**
   * The lifetime Sendoso granted (`expires_in`, in ms), set on every token the SDK obtains, so a token
   * that lives less than `refreshSkewMs` is refreshed halfway through its life instead of on every
   * call. It is what the server said, so an app that moves `expiresAt` itself (to force an early
   * refresh) still gets the full skew. Optional: a token without it gets the full `refreshSkewMs`.
   */
  lifetimeMs?: number;
};

/** Sendoso's token endpoint answer (RFC 6749 section 5.1 plus Sendoso's `created_at`). */
export type TokenResponse = {
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  scope?: unknown;
  token_type?: unknown;
};

/**
 * Turns a token response into a `Token`. Expiry is counted from when we received it rather than from
 * Sendoso's `created_at`, so a skewed server clock cannot make a fresh token look stale.
 */
export function tokenFromResponse(response: TokenResponse, previous?: Token): Token {
  if (typeof response.access_token !== 'string' || !response.access_token) {
    throw new TypeError('token response has no access_token');
  }
  const expiresIn = Number(response.expires_in);
  const lifetimeMs = (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 7200) * 1000;
  const token: Token = {
    accessToken: response.access_token,
    expiresAt: Date.now() + lifetimeMs,
    tokenType: 'bearer',
  };
  // Sendoso rotates refresh tokens; when a refresh answer carries none, the old one is still the
  // valid one (simple-oauth2 5.1 would drop it here), so keep it.
  const refreshToken =
    typeof response.refresh_token === 'string' ? response.refresh_token : previous?.refreshToken;
  if (refreshToken) token.refreshToken = refreshToken;
  const scope =
    typeof response.scope === 'string' ? response.scope.split(/[\s,]+/).filter(Boolean) : previous?.scope;
  if (scope) token.scope = scope;
  token.lifetimeMs = lifetimeMs;
  return token;
}

/**
 * When a token is due for refresh (epoch ms): `skewMs` before it expires, but never before halfway
 * through the lifetime Sendoso granted, so a token that lives less than the skew is not refreshed on
 * every call. A token that does not say its lifetime gets the full skew.
 */
export function refreshAt(token: Token, skewMs: number): number {
  const lifetime = token.lifetimeMs;
  const skew = typeof lifetime === 'number' && lifetime > 0 ? Math.min(skewMs, lifetime / 2) : skewMs;
  return token.expiresAt - skew;
}

import { describe, expect, it } from 'vitest';
import { AuthenticationError, MemoryTokenStore, OAuthError, type Token } from '../../src/index.js';
import type { Sandbox } from '../../src/testing/index.js';
import { authorizedClient, clientFor, requestsTo, sandbox } from '../helpers.js';

function refreshRequests(s: Sandbox) {
  return requestsTo(s, '/oauth/token', 'POST').filter(
    (r) => (r.body as Record<string, unknown> | undefined)?.grant_type === 'refresh_token',
  );
}

/** A live 2-hour token of `s` with only a minute left: inside the default 5-minute skew. */
async function nearlyExpired(s: Sandbox): Promise<Token> {
  const token = (await (await authorizedClient(s)).auth.getToken()) as Token;
  return { ...token, expiresAt: Date.now() + 60_000 };
}

describe('token refresh', () => {
  it('refreshes a token inside the skew window before using it', async () => {
    const s = await sandbox();
    const client = clientFor(s, { tokenStore: new MemoryTokenStore(await nearlyExpired(s)) });
    const before = (await client.auth.getToken()) as Token;
    const tokens: Token[] = [];
    client.on('token', (t) => tokens.push(t));
    await client.me();
    expect(refreshRequests(s).length).toBe(1);
    expect(tokens.length).toBe(1);
    const after = (await client.auth.getToken()) as Token;
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    // The request to /me went out after the refresh, with the new token.
    const order = s.requests.map((r) => r.path);
    expect(order.lastIndexOf('/oauth/token')).toBeLessThan(order.lastIndexOf('/api/v3/me'));
  });

  it('a token that lives less than refreshSkewMs is not refreshed on every call', async () => {
    // 60-second tokens against the default 5-minute skew: the skew is clamped to half the lifetime.
    const s = await sandbox({ tokenTtlSeconds: 60, rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    for (let i = 0; i < 20; i++) await client.me();
    expect(refreshRequests(s).length).toBeLessThanOrEqual(1);
    expect(requestsTo(s, '/api/v3/me')).toHaveLength(20);
  });

  it('a short-lived token is refreshed once past halfway through its life', async () => {
    const s = await sandbox({ tokenTtlSeconds: 4, rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const first = (await client.auth.getToken()) as Token;
    expect(first.lifetimeMs).toBe(4000);
    // Halfway (2 s) plus a margin: now the skew window has begun, and one call refreshes.
    const receivedAt = first.expiresAt - 4000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, receivedAt + 2100 - Date.now())));
    await client.me();
    await client.me();
    expect(refreshRequests(s)).toHaveLength(1);
    expect(((await client.auth.getToken()) as Token).accessToken).not.toBe(first.accessToken);
  });

  it('refreshes a token whose expiresAt the app moved inside the skew, whatever its lifetime', async () => {
    const s = await sandbox();
    const token = (await (await authorizedClient(s)).auth.getToken()) as Token;
    const client = clientFor(s, { token: { ...token, expiresAt: Date.now() + 60_000 } });
    await client.me();
    expect(refreshRequests(s)).toHaveLength(1);
  });

  it('makes exactly one token request for 50 concurrent calls with a stale token', async () => {
    const s = await sandbox({ rateLimit: false });
    const store = new MemoryTokenStore(await nearlyExpired(s));
    const client = clientFor(s, { rateLimit: false, tokenStore: store });
    s.clearRequests();
    const results = await Promise.all(Array.from({ length: 50 }, () => client.me()));
    expect(results).toHaveLength(50);
    expect(requestsTo(s, '/oauth/token').length).toBe(1);
    expect(requestsTo(s, '/api/v3/me').every((r) => r.status === 200)).toBe(true);
  });

  it('survives two refreshes in a row (rotation) and the used refresh token is dead', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const first = (await client.auth.getToken()) as Token;
    const second = await client.auth.refresh();
    const third = await client.auth.refresh();
    expect(new Set([first.refreshToken, second.refreshToken, third.refreshToken]).size).toBe(3);
    expect((await client.me()).id).toBeDefined();
    const reuse = await fetch(`${s.authBaseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'refresh_token',
        refresh_token: first.refreshToken,
        client_id: s.clientId,
        client_secret: s.clientSecret,
      }),
    });
    expect(reuse.status).toBe(400);
    expect(((await reuse.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('keeps the old refresh token when a refresh answer carries none', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const first = (await client.auth.getToken()) as Token;
    s.settings.omitRefreshTokenOnRefresh = true;
    const second = await client.auth.refresh();
    expect(second.refreshToken).toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    s.settings.omitRefreshTokenOnRefresh = false;
    const third = await client.auth.refresh();
    expect(third.refreshToken).not.toBe(first.refreshToken);
  });

  it("two clients sharing a store survive each other's rotations", async () => {
    const s = await sandbox();
    const store = new MemoryTokenStore(await nearlyExpired(s));
    const a = clientFor(s, { tokenStore: store });
    const b = clientFor(s, { tokenStore: store });
    expect((await a.me()).id).toBeDefined(); // A loads the token; it is stale and A refreshes
    expect(refreshRequests(s).length).toBe(1);
    // B starts from the pair A stored, not from the one A rotated away.
    expect((await b.me()).id).toBeDefined();
    await b.auth.refresh();
    // Now A holds a pair B rotated away: its next refresh starts from the stored one.
    await a.auth.refresh();
    expect((await a.me()).id).toBeDefined();
    expect(refreshRequests(s).map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it('after a 401, a client adopts the fresh token another client stored instead of failing', async () => {
    const s = await sandbox();
    const store = new MemoryTokenStore();
    const a = await authorizedClient(s, { tokenStore: store });
    const b = clientFor(s, { tokenStore: store });
    await b.me();
    s.expireAccessTokens();
    await a.auth.refresh(); // A rotates; B's cached access and refresh tokens are now dead
    s.clearRequests();
    expect((await b.me()).id).toBeDefined();
    expect(s.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /api/v3/me 401',
      'GET /api/v3/me 200',
    ]);
  });

  it('answers a 401 mid-session with one refresh and one replay', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.expireAccessTokens();
    s.clearRequests();
    const me = await client.me();
    expect(me.id).toBeDefined();
    expect(s.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /api/v3/me 401',
      'POST /oauth/token 200',
      'GET /api/v3/me 200',
    ]);
  });

  it("a second 401 is an AuthenticationError carrying Sendoso's description", async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.faults.next(2, {
      status: 401,
      body: { success: false, description: 'The access token is invalid', expired: false },
    });
    s.clearRequests();
    const err = await client.me().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect((err as AuthenticationError).message).toBe('The access token is invalid');
    expect((err as AuthenticationError).status).toBe(401);
    expect(requestsTo(s, '/oauth/token').length).toBe(1);
    expect(requestsTo(s, '/api/v3/me').length).toBe(2);
  });

  it('a 401 on a token without a refresh token is the AuthenticationError itself', async () => {
    const s = await sandbox();
    const source = await authorizedClient(s);
    const { refreshToken: _, ...token } = (await source.auth.getToken()) as Token;
    const client = clientFor(s, { token });
    s.expireAccessTokens();
    const err = await client.me().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect((err as AuthenticationError).message).toBe('The access token is invalid');
  });

  it('invalid_grant on refresh is an OAuthError, with no loop and the stored token untouched', async () => {
    const s = await sandbox();
    const store = new MemoryTokenStore();
    const client = await authorizedClient(s, { tokenStore: store });
    const stored = (await store.get()) as Token;
    // Someone else rotates the refresh token (another process), so ours is dead.
    const rotate = await fetch(`${s.authBaseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'refresh_token',
        refresh_token: stored.refreshToken,
        client_id: s.clientId,
        client_secret: s.clientSecret,
      }),
    });
    expect(rotate.status).toBe(200);
    s.expireAccessTokens();
    s.clearRequests();
    const err = await client.me().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuthError);
    expect((err as OAuthError).code).toBe('invalid_grant');
    expect(requestsTo(s, '/oauth/token').length).toBe(1);
    expect(requestsTo(s, '/api/v3/me').length).toBe(1);
    expect(await store.get()).toEqual(stored);
  });
});

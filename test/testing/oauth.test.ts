import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/testing/index.js';
import { api, issueToken, type TokenBody, tokenRequest } from './helpers.js';

const INVALID_GRANT = {
  error: 'invalid_grant',
  error_description:
    'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
};

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox({ rateLimit: false, seed: { touches: 3, gifts: 3, groups: 3, users: 3 } });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.settings.omitRefreshTokenOnRefresh = false;
  sandbox.settings.tokenTtlSeconds = 7200;
});

const authorizeUrl = (params: Record<string, string>) =>
  `${sandbox.authBaseUrl}/oauth/authorize?${new URLSearchParams(params)}`;

describe('GET /oauth/authorize', () => {
  it('redirects to the redirect URI with a code and the state', async () => {
    const res = await fetch(
      authorizeUrl({
        client_id: sandbox.clientId,
        redirect_uri: sandbox.redirectUri,
        response_type: 'code',
        scope: 'public write',
        state: 'xyz 1',
      }),
      { redirect: 'manual' },
    );
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(sandbox.redirectUri);
    expect(location.searchParams.get('state')).toBe('xyz 1');
    const code = location.searchParams.get('code') ?? '';
    const token = await tokenRequest(sandbox, { grant_type: 'authorization_code', code });
    expect(token.status).toBe(200);
    expect(token.body.scope).toBe('public write');
  });

  it('answers 400 for an unknown client or a redirect URI that is not registered', async () => {
    const wrongClient = await fetch(authorizeUrl({ client_id: 'nope', response_type: 'code' }), {
      redirect: 'manual',
    });
    expect(wrongClient.status).toBe(400);
    expect(await wrongClient.json()).toMatchObject({ error: 'invalid_client' });
    const wrongRedirect = await fetch(
      authorizeUrl({
        client_id: sandbox.clientId,
        redirect_uri: 'https://evil.example/cb',
        response_type: 'code',
      }),
      { redirect: 'manual' },
    );
    expect(wrongRedirect.status).toBe(400);
    expect(await wrongRedirect.json()).toMatchObject({ error: 'invalid_redirect_uri' });
  });

  it('sends an unsupported response_type back through the redirect, without a code', async () => {
    const res = await fetch(
      authorizeUrl({ client_id: sandbox.clientId, response_type: 'token', state: 's' }),
      {
        redirect: 'manual',
      },
    );
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('unsupported_response_type');
    expect(location.searchParams.get('code')).toBeNull();
    expect(location.searchParams.get('state')).toBe('s');
  });
});

describe('POST /oauth/token', () => {
  it('exchanges a code for a bearer token in the documented shape', async () => {
    const before = Math.floor(Date.now() / 1000);
    const token = await issueToken(sandbox, ['public', 'smartsend']);
    expect(Object.keys(token)).toEqual([
      'access_token',
      'token_type',
      'expires_in',
      'refresh_token',
      'scope',
      'created_at',
    ]);
    expect(token).toMatchObject({ token_type: 'bearer', expires_in: 7200, scope: 'public smartsend' });
    expect(token.access_token).toMatch(/^[\w-]{43}$/);
    expect(token.refresh_token).not.toBe(token.access_token);
    expect(token.created_at).toBeGreaterThanOrEqual(before);
    expect((await api(sandbox, token.access_token, '/me')).status).toBe(200);
  });

  it('accepts a form body and HTTP Basic client credentials', async () => {
    const code = await sandbox.authorize();
    const basic = Buffer.from(
      `${encodeURIComponent(sandbox.clientId)}:${encodeURIComponent(sandbox.clientSecret)}`,
    );
    const res = await fetch(`${sandbox.authBaseUrl}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic.toString('base64')}` },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: sandbox.redirectUri,
      }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(((await res.json()) as TokenBody).token_type).toBe('bearer');
  });

  it('accepts a code only once', async () => {
    const code = await sandbox.authorize();
    expect((await tokenRequest(sandbox, { grant_type: 'authorization_code', code })).status).toBe(200);
    const again = await tokenRequest(sandbox, { grant_type: 'authorization_code', code });
    expect(again).toMatchObject({ status: 400, body: INVALID_GRANT });
  });

  it('refuses a code presented with another redirect URI', async () => {
    const code = await sandbox.authorize();
    const res = await tokenRequest(sandbox, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://127.0.0.1/other',
    });
    expect(res).toMatchObject({ status: 400, body: INVALID_GRANT });
  });

  it('rotates refresh tokens: each refresh returns a new one and the used one is dead', async () => {
    const first = await issueToken(sandbox);
    const second = await tokenRequest(sandbox, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token ?? '',
    });
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).toBeDefined();
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect(second.body.access_token).not.toBe(first.access_token);
    const third = await tokenRequest(sandbox, {
      grant_type: 'refresh_token',
      refresh_token: second.body.refresh_token ?? '',
    });
    expect(third.status).toBe(200);
    const replay = await tokenRequest(sandbox, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token ?? '',
    });
    expect(replay).toMatchObject({ status: 400, body: INVALID_GRANT });
    expect((await api(sandbox, third.body.access_token, '/me')).status).toBe(200);
  });

  it('can leave the refresh token out of refresh responses; the old one then stays valid', async () => {
    const first = await issueToken(sandbox);
    sandbox.settings.omitRefreshTokenOnRefresh = true;
    const refresh = { grant_type: 'refresh_token', refresh_token: first.refresh_token ?? '' };
    const a = await tokenRequest(sandbox, refresh);
    const b = await tokenRequest(sandbox, refresh);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body).not.toHaveProperty('refresh_token');
    expect(b.body.access_token).not.toBe(a.body.access_token);
  });

  it('answers 401 invalid_client for a wrong secret, whether in the body or in Basic', async () => {
    const code = await sandbox.authorize();
    const inBody = await tokenRequest(sandbox, {
      grant_type: 'authorization_code',
      code,
      client_secret: 'wrong',
    });
    expect(inBody.status).toBe(401);
    expect(inBody.body).toMatchObject({ error: 'invalid_client' });
    const res = await fetch(`${sandbox.authBaseUrl}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${sandbox.clientId}:wrong`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'authorization_code', code }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
  });

  it('answers unsupported_grant_type for client_credentials and invalid_request without a grant', async () => {
    const cc = await tokenRequest(sandbox, { grant_type: 'client_credentials' });
    expect(cc.status).toBe(400);
    expect(cc.body).toMatchObject({ error: 'unsupported_grant_type' });
    const none = await tokenRequest(sandbox, {});
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({ error: 'invalid_request' });
  });

  it('answers 400 invalid_request to a malformed JSON body and 405 to a GET', async () => {
    const bad = await fetch(`${sandbox.authBaseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"grant_type":',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_request' });
    const get = await fetch(`${sandbox.authBaseUrl}/oauth/token`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });
});

describe('POST /oauth/revoke', () => {
  it('kills an access token given in the query, with Basic client auth', async () => {
    const token = await issueToken(sandbox);
    const basic = Buffer.from(`${sandbox.clientId}:${sandbox.clientSecret}`).toString('base64');
    const res = await fetch(`${sandbox.authBaseUrl}/oauth/revoke?token=${token.access_token}`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    const after = await api(sandbox, token.access_token, '/me');
    expect(after).toMatchObject({ status: 401, body: { expired: false } });
  });

  it('kills a refresh token given in the body with body credentials', async () => {
    const token = await issueToken(sandbox);
    const res = await fetch(`${sandbox.authBaseUrl}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token: token.refresh_token,
        client_id: sandbox.clientId,
        client_secret: sandbox.clientSecret,
      }),
    });
    expect(res.status).toBe(200);
    const refresh = await tokenRequest(sandbox, {
      grant_type: 'refresh_token',
      refresh_token: token.refresh_token ?? '',
    });
    expect(refresh).toMatchObject({ status: 400, body: INVALID_GRANT });
  });

  it('requires client authentication', async () => {
    const token = await issueToken(sandbox);
    const res = await fetch(`${sandbox.authBaseUrl}/oauth/revoke?token=${token.access_token}`, {
      method: 'POST',
    });
    expect(res.status).toBe(401);
    expect((await api(sandbox, token.access_token, '/me')).status).toBe(200);
  });
});

describe('bearer checks on /api/v3', () => {
  const invalid = (expired: boolean) => ({
    success: false,
    description: 'The access token is invalid',
    expired,
  });

  it('answers 401 expired:false without a token or with an unknown one', async () => {
    expect(await api(sandbox, undefined, '/touches')).toMatchObject({ status: 401, body: invalid(false) });
    expect(await api(sandbox, 'made-up', '/touches')).toMatchObject({ status: 401, body: invalid(false) });
    const basic = await api(sandbox, undefined, '/me', { headers: { authorization: 'Basic abc' } });
    expect(basic).toMatchObject({ status: 401, body: invalid(false) });
  });

  it('answers 401 expired:true once tokenTtlSeconds have passed on the server clock', async () => {
    sandbox.settings.tokenTtlSeconds = 60;
    const token = await issueToken(sandbox);
    expect(token.expires_in).toBe(60);
    // The sandbox runs in this process, so faking Date moves its clock (and nothing else).
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 59_000);
      expect((await api(sandbox, token.access_token, '/me')).status).toBe(200);
      vi.setSystemTime(Date.now() + 2_000);
      expect(await api(sandbox, token.access_token, '/me')).toMatchObject({
        status: 401,
        body: invalid(true),
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('expireAccessTokens() expires every token issued so far, and only those', async () => {
    const old = await issueToken(sandbox);
    sandbox.expireAccessTokens();
    const fresh = await issueToken(sandbox);
    expect(await api(sandbox, old.access_token, '/me')).toMatchObject({ status: 401, body: invalid(true) });
    expect((await api(sandbox, fresh.access_token, '/me')).status).toBe(200);
    // The refresh token still works: that is how a client recovers.
    const refreshed = await tokenRequest(sandbox, {
      grant_type: 'refresh_token',
      refresh_token: old.refresh_token ?? '',
    });
    expect((await api(sandbox, refreshed.body.access_token, '/me')).status).toBe(200);
  });

  it('honours tokenTtlSeconds given at creation', async () => {
    const short = await createSandbox({ tokenTtlSeconds: 60, seed: { touches: 0 } });
    try {
      expect((await issueToken(short)).expires_in).toBe(60);
    } finally {
      await short.close();
    }
  });
});

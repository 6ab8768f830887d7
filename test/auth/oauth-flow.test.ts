import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FileTokenStore,
  MemoryTokenStore,
  OAuthError,
  type Token,
  ValidationError,
} from '../../src/index.js';
import { authorizedClient, clientFor, requestsTo, sandbox } from '../helpers.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sendoso-token-'));
  dirs.push(dir);
  return dir;
}

describe('OAuth authorization-code flow', () => {
  it('builds the authorization URL with client id, redirect URI, scopes and state', async () => {
    const s = await sandbox();
    const client = clientFor(s, { scopes: ['public', 'write'] });
    const url = new URL(client.auth.authorizationUrl({ state: 'xyz' }));
    expect(`${url.origin}${url.pathname}`).toBe(`${s.authBaseUrl}/oauth/authorize`);
    expect(url.searchParams.get('client_id')).toBe(s.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(s.redirectUri);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('scope')).toBe('public write');
    expect(url.searchParams.get('state')).toBe('xyz');
  });

  it('follows the authorize redirect to a code that exchanges for a token', async () => {
    const s = await sandbox();
    const client = clientFor(s);
    const response = await fetch(client.auth.authorizationUrl({ state: 's1' }), { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('state')).toBe('s1');
    const token = await client.auth.exchangeCode(location.searchParams.get('code') ?? '');
    expect(token.tokenType).toBe('bearer');
    expect((await client.me()).id).toBeDefined();
  });

  it('stores the exchanged token, fires "token", and a new client on the same FileTokenStore uses it', async () => {
    const s = await sandbox();
    const path = join(await tempDir(), 'nested', 'token.json');
    const first = clientFor(s, { tokenStore: new FileTokenStore(path) });
    const seen: Token[] = [];
    first.on('token', (t) => seen.push(t));
    const token = await first.auth.exchangeCode(await s.authorize());
    expect(seen).toEqual([token]);
    expect(token.refreshToken).toBeTruthy();
    expect(token.expiresAt).toBeGreaterThan(Date.now() + 7000_000);

    const mode = (await stat(path)).mode & 0o777;
    expect(mode).toBe(0o600);
    expect((await readdir(join(path, '..'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const second = clientFor(s, { tokenStore: new FileTokenStore(path) });
    const tokenRequestsBefore = requestsTo(s, '/oauth/token').length;
    const me = await second.me();
    expect(me.email).toBeTruthy();
    expect(requestsTo(s, '/oauth/token').length).toBe(tokenRequestsBefore);
    expect(await second.auth.getToken()).toEqual(token);
  });

  it('a corrupt token file is a ValidationError that quotes none of it', async () => {
    const path = join(await tempDir(), 'token.json');
    await writeFile(path, '{"accessToken":"SECRET-ACCESS-TOKEN-VALUE","expiresAt":');
    const err = await new FileTokenStore(path).get().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(String(err)).not.toContain('SECRET');
  });

  it('an unknown code is an OAuthError with code invalid_grant', async () => {
    const s = await sandbox();
    const client = clientFor(s);
    const err = await client.auth.exchangeCode('not-a-code').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuthError);
    expect((err as OAuthError).code).toBe('invalid_grant');
  });

  it('a missing redirect URI or secret is a ValidationError naming it, before any request', async () => {
    const s = await sandbox();
    const client = clientFor(s, { redirectUri: '' });
    await expect(client.auth.exchangeCode('abc')).rejects.toThrow(/redirectUri/);
    const noSecret = clientFor(s, { clientSecret: '' });
    const err = await noSecret.auth.exchangeCode('abc').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(String(err)).toMatch(/clientSecret/);
    expect(s.requests).toEqual([]);
  });

  it('a call before any token is an OAuthError that says what to do', async () => {
    const s = await sandbox();
    const err = await clientFor(s)
      .me()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuthError);
    expect((err as OAuthError).code).toBe('no_token');
    expect(String(err)).toMatch(/exchangeCode/);
  });

  it('uses the `token` option when the store is empty', async () => {
    const s = await sandbox();
    const source = await authorizedClient(s);
    const token = await source.auth.getToken();
    const client = clientFor(s, { token, tokenStore: new MemoryTokenStore() });
    expect((await client.me()).id).toBeDefined();
  });

  it('revoke during a refresh revokes the newest pair and the session stays closed', async () => {
    const s = await sandbox();
    // A store as slow as a network one, so the refresh is still writing when revoke starts.
    class SlowStore extends MemoryTokenStore {
      override async set(token: Token): Promise<void> {
        await new Promise((resolve) => setTimeout(resolve, 30));
        await super.set(token);
      }
    }
    const store = new SlowStore();
    const client = await authorizedClient(s, { tokenStore: store });
    const emitted: Token[] = [];
    client.on('token', (t) => emitted.push(t));
    const refreshing = client.auth.refresh();
    await client.auth.revoke();
    await refreshing.catch(() => undefined);
    expect(await store.get()).toBeUndefined();
    expect(await client.auth.getToken()).toBeUndefined();
    await expect(client.me()).rejects.toMatchObject({ code: 'no_token' });
    for (const token of emitted) {
      const reuse = await fetch(`${s.authBaseUrl}/oauth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'refresh_token',
          refresh_token: token.refreshToken,
          client_id: s.clientId,
          client_secret: s.clientSecret,
        }),
      });
      expect(reuse.status).toBe(400);
    }
  });

  it('a refresh that starts while revoke waits on a slow store is refused, and nothing survives the logout', async () => {
    const s = await sandbox();
    const first = await authorizedClient(s);
    let stored: Token | undefined = await first.auth.getToken();
    const delays = [5, 1, 1, 1, 1, 1];
    const store = {
      get: async () => {
        await new Promise((resolve) => setTimeout(resolve, delays.shift() ?? 1));
        return stored;
      },
      set: async (token: Token) => {
        stored = token;
      },
      clear: async () => {
        stored = undefined;
      },
    };
    s.faults.next(1, { delayMs: 50, match: { path: '/oauth/revoke' } });
    const client = clientFor(s, { tokenStore: store });
    const emitted: Token[] = [];
    client.on('token', (t) => emitted.push(t));
    const [refresh, revoke] = await Promise.allSettled([client.auth.refresh(), client.auth.revoke()]);
    expect(revoke.status).toBe('fulfilled');
    expect(stored).toBeUndefined();
    // Whatever the refresh produced was revoked too, or never produced at all.
    for (const token of emitted) {
      const reuse = await fetch(`${s.baseUrl}/me`, {
        headers: { Authorization: `Bearer ${token.accessToken}` },
      });
      expect(reuse.status).toBe(401);
    }
    if (refresh.status === 'rejected') expect(refresh.reason).toMatchObject({ code: 'revoked' });
  });

  it('revoke kills the tokens at Sendoso and clears the store', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const token = (await client.auth.getToken()) as Token;
    await client.auth.revoke();
    expect(await client.auth.getToken()).toBeUndefined();
    const response = await fetch(`${s.baseUrl}/me`, {
      headers: { Authorization: `Bearer ${token.accessToken}` },
    });
    expect(response.status).toBe(401);
    expect(requestsTo(s, '/oauth/revoke', 'POST').length).toBe(2);
  });
});

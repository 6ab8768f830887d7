import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileTokenStore, MemoryTokenStore, OAuthError, type Token } from '../../src/index.js';
import type { Sandbox } from '../../src/testing/index.js';
import { authorizedClient, clientFor, requestsTo, sandbox } from '../helpers.js';
import { tempDir } from './token-files.js';

/** Whether Sendoso still honours the token as an access token or as a refresh token. */
async function stillValid(s: Sandbox, token: Token): Promise<{ access: boolean; refresh: boolean }> {
  const me = await fetch(`${s.baseUrl}/me`, { headers: { Authorization: `Bearer ${token.accessToken}` } });
  const refresh = await fetch(`${s.authBaseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'refresh_token',
      refresh_token: token.refreshToken,
      client_id: s.clientId,
      client_secret: s.clientSecret,
    }),
  });
  return { access: me.status === 200, refresh: refresh.status === 200 };
}

describe('revoke (logout)', () => {
  it('revokes the pair a sibling client rotated into the shared store, and the sibling cannot bring it back', async () => {
    const s = await sandbox();
    const path = join(await tempDir(), 'token.json');
    const a = await authorizedClient(s, { tokenStore: new FileTokenStore(path) });
    const b = clientFor(s, { tokenStore: new FileTokenStore(path) });
    await a.me();
    const rotated = await b.auth.refresh(); // B rotates; A still holds the pair B used up
    await a.auth.revoke();
    expect(await new FileTokenStore(path).get()).toBeUndefined();
    const err = await b.me().catch((e: unknown) => e); // B's pair is dead at Sendoso too
    expect(err).toBeInstanceOf(OAuthError);
    expect(await new FileTokenStore(path).get()).toBeUndefined();
    // Checked last: the check itself would use up a live refresh token.
    expect(await stillValid(s, rotated)).toEqual({ access: false, refresh: false });
  });

  it('revokes the pair in memory too when the store holds another one', async () => {
    const s = await sandbox();
    const store = new MemoryTokenStore();
    const client = await authorizedClient(s, { tokenStore: store });
    const mine = (await client.auth.getToken()) as Token;
    // Another login for the same store (say, an admin re-connected the account elsewhere).
    const other = await authorizedClient(s, { tokenStore: new MemoryTokenStore() });
    const theirs = (await other.auth.getToken()) as Token;
    await store.set(theirs);
    s.clearRequests();
    await client.auth.revoke();
    expect(requestsTo(s, '/oauth/revoke')).toHaveLength(4);
    expect(await stillValid(s, mine)).toEqual({ access: false, refresh: false });
    expect(await stillValid(s, theirs)).toEqual({ access: false, refresh: false });
  });

  it.each([302, 307, 308, 500])(
    'an HTTP %i answer is OAuthError revoke_failed, nothing is followed, and the store is left as it was',
    async (status) => {
      const s = await sandbox();
      const store = new MemoryTokenStore();
      const client = await authorizedClient(s, { tokenStore: store });
      const before = await store.get();
      s.faults.next(1, {
        status,
        body: '',
        headers: { location: `${s.authBaseUrl}/oauth/revoke?followed=1` },
        match: { path: '/oauth/revoke' },
      });
      s.clearRequests();
      const err = await client.auth.revoke().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OAuthError);
      expect(err).toMatchObject({ code: 'revoke_failed', status });
      expect(requestsTo(s, '/oauth/revoke')).toHaveLength(1);
      expect(await store.get()).toEqual(before);
      expect((await client.me()).id).toBeDefined();
    },
  );

  it('form-encodes the client id and secret in Basic auth (RFC 6749 2.3.1), so secrets with + % : and spaces work', async () => {
    const s = await sandbox({ clientId: 'app:id+1 %41', clientSecret: 's3cr+t%2F: with spaces&=' });
    const client = await authorizedClient(s);
    const token = (await client.auth.getToken()) as Token;
    await client.auth.revoke();
    expect(requestsTo(s, '/oauth/revoke').map((r) => r.status)).toEqual([200, 200]);
    expect(await stillValid(s, token)).toEqual({ access: false, refresh: false });
  });
});

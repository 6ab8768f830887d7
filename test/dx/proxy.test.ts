import { describe, expect, it } from 'vitest';
import { ConnectionError, SendosoClient, ValidationError } from '../../src/index.js';
import { authorizedClient, clientFor, sandbox } from '../helpers.js';
import { forwardProxy } from './servers.js';

describe('proxy', () => {
  it('every request, OAuth and API, goes through the forward proxy', async () => {
    const s = await sandbox({ rateLimit: false });
    const proxy = await forwardProxy();
    const client = await authorizedClient(s, { rateLimit: false, proxy: proxy.url });
    await client.me();
    const page = await client.touches.list({ pageSize: 2 });
    await page.getNextPage();
    await client.touches.create({ name: 'through the proxy' });
    await client.auth.refresh();

    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
    expect(new Set(proxy.tunnels)).toEqual(new Set([`127.0.0.1:${s.port}`]));
    // Everything the sandbox answered reached it through the tunnel: nothing went around the proxy.
    expect(proxy.carried).toEqual(s.requests.map((r) => `${r.method} ${r.path}`));
    expect(proxy.carried).toEqual([
      'POST /oauth/token',
      'GET /api/v3/me',
      'GET /api/v3/touches',
      'GET /api/v3/touches',
      'POST /api/v3/touches',
      'POST /oauth/token',
    ]);
  });

  it('credentials in the proxy URL authenticate the tunnel; a refusal names the status, never the password', async () => {
    const s = await sandbox({ rateLimit: false });
    const proxy = await forwardProxy({ user: 'corp', password: 's3cret-proxy-pass' });
    const withCredentials = new URL(proxy.url);
    withCredentials.username = 'corp';
    withCredentials.password = 's3cret-proxy-pass';
    const client = await authorizedClient(s, { rateLimit: false, proxy: withCredentials });
    expect(await client.touches.get(1)).toMatchObject({ id: 1 });

    const token = await client.auth.getToken();
    const refusedClient = clientFor(s, { proxy: proxy.url, maxRetries: 0, ...(token ? { token } : {}) });
    const error = await refusedClient.touches.get(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/proxy refused the tunnel with HTTP 407/);
    const wrong = new URL(proxy.url);
    wrong.username = 'corp';
    wrong.password = 'wrong-pass';
    const wrongClient = clientFor(s, { proxy: wrong.href, maxRetries: 0, ...(token ? { token } : {}) });
    const again = await wrongClient.touches.get(1).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ConnectionError);
    for (const shown of [JSON.stringify(again), String(again), (again as Error).stack ?? '']) {
      expect(shown).not.toContain('wrong-pass');
    }
    expect(JSON.stringify(wrongClient)).not.toContain('wrong-pass');
  });

  it('is checked: a URL, http or https, and never off this machine for plain-http (loopback) Sendoso', () => {
    const base = { clientId: 'id', clientSecret: 'secret', logLevel: 'off' } as const;
    const issues = (proxy: string) => {
      try {
        new SendosoClient({
          ...base,
          proxy,
          baseUrl: 'http://127.0.0.1:9/api/v3',
          authBaseUrl: 'http://127.0.0.1:9',
        });
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return (error as ValidationError).issues;
      }
      return [];
    };
    expect(issues('not a url :pass@')).toEqual([{ path: 'proxy', message: 'is not a valid URL' }]);
    expect(issues('socks5://127.0.0.1:1080')).toEqual([
      { path: 'proxy', message: 'must be an http: or https: URL, not socks5:' },
    ]);
    expect(issues('http://user:pw@proxy.corp.example:3128')).toEqual([
      { path: 'proxy', message: expect.stringMatching(/tokens would travel unencrypted/) },
    ]);
    expect(issues('http://127.0.0.1:3128')).toEqual([]);
    // Against Sendoso itself (https), a proxy anywhere is fine: TLS runs through the tunnel.
    expect(() => new SendosoClient({ ...base, proxy: 'http://proxy.corp.example:3128' })).not.toThrow();
  });
});

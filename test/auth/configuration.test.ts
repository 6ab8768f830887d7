import { afterEach, describe, expect, it, vi } from 'vitest';
import { SendosoClient, ValidationError } from '../../src/index.js';
import { sandbox } from '../helpers.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('client configuration', () => {
  it('refuses http:// base URLs for non-loopback hosts and says why', () => {
    for (const [option, url] of [
      ['baseUrl', 'http://app.sendoso.com/api/v3'],
      ['authBaseUrl', 'http://10.0.0.5'],
    ] as const) {
      const err = (() => {
        try {
          new SendosoClient({ [option]: url });
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(ValidationError);
      expect(String(err)).toContain(option);
      expect(String(err)).toMatch(/unencrypted|https/);
    }
  });

  it('allows http:// on loopback hosts', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]']) {
      expect(
        () =>
          new SendosoClient({ baseUrl: `http://${host}:8080/api/v3`, authBaseUrl: `http://${host}:8080` }),
      ).not.toThrow();
    }
  });

  it('reads credentials and the base URL from the environment', async () => {
    const s = await sandbox();
    vi.stubEnv('SENDOSO_CLIENT_ID', s.clientId);
    vi.stubEnv('SENDOSO_CLIENT_SECRET', s.clientSecret);
    vi.stubEnv('SENDOSO_REDIRECT_URI', s.redirectUri);
    vi.stubEnv('SENDOSO_BASE_URL', s.baseUrl);
    const client = new SendosoClient({ authBaseUrl: s.authBaseUrl, logLevel: 'off' });
    await client.auth.exchangeCode(await s.authorize());
    expect((await client.me()).id).toBeDefined();
  });

  it('accepts the element configuration JSON as is', async () => {
    const s = await sandbox();
    const client = SendosoClient.fromElementConfiguration(
      {
        'oauth.api.key': s.clientId,
        'oauth.api.secret': s.clientSecret,
        'oauth.callback.url': s.redirectUri,
      },
      { baseUrl: s.baseUrl, authBaseUrl: s.authBaseUrl },
    );
    expect(new URL(client.auth.authorizationUrl()).searchParams.get('redirect_uri')).toBe(s.redirectUri);
    await client.auth.exchangeCode(await s.authorize());
    expect((await client.me()).id).toBeDefined();
  });

  it('an element configuration without key or secret is a ValidationError naming both', () => {
    const err = (() => {
      try {
        SendosoClient.fromElementConfiguration({ 'oauth.api.key': '', 'oauth.api.secret': '' });
      } catch (e) {
        return e;
      }
    })() as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.issues.map((i) => i.path)).toEqual(['oauth.api.key', 'oauth.api.secret']);
  });

  it('refuses route overrides for unknown resources, operations or fields, naming each', () => {
    const err = (() => {
      try {
        new SendosoClient({
          resources: { journal: { list: { path: '/x' } }, touches: { lst: {}, get: { path: 'x' } } } as never,
        });
      } catch (e) {
        return e;
      }
    })() as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.issues.map((i) => i.path).sort()).toEqual([
      'resources',
      'resources.touches',
      'resources.touches.get.path',
    ]);
  });

  it('rejects nonsensical numeric options', () => {
    expect(() => new SendosoClient({ timeoutMs: 0 })).toThrow(ValidationError);
    expect(() => new SendosoClient({ maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => new SendosoClient({ rateLimit: { requestsPerSecond: 0 } })).toThrow(/requestsPerSecond/);
  });
});

import dns from 'node:dns';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SendosoClient, ValidationError } from '../../src/index.js';
import { hostileServer, longLivedToken } from './hostile-server.js';

afterEach(() => {
  vi.restoreAllMocks();
});

function refusal(options: { baseUrl?: string; authBaseUrl?: string }): ValidationError {
  try {
    new SendosoClient(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('accepted');
}

describe('plain http is for loopback only', () => {
  it('refuses names below .localhost: they are resolved through DNS like any other', () => {
    for (const url of [
      'http://api.localhost:8080/api/v3',
      'http://evil.example.localhost',
      'http://localhost.:8080',
    ]) {
      expect(refusal({ baseUrl: url }).issues).toEqual([
        {
          path: 'baseUrl',
          message: expect.stringMatching(/refusing plain http.*localhost, 127\.0\.0\.0\/8 and \[::1\]/),
        },
      ]);
      expect(refusal({ authBaseUrl: url }).issues[0]?.path).toBe('authBaseUrl');
    }
  });

  it('accepts localhost and literal loopback addresses', () => {
    for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '[::1]', '[0:0:0:0:0:0:0:1]']) {
      expect(
        () =>
          new SendosoClient({ baseUrl: `http://${host}:8080/api/v3`, authBaseUrl: `http://${host}:8080` }),
      ).not.toThrow();
    }
  });

  it('connects to localhost on the loopback interface without asking DNS', async () => {
    const server = await hostileServer(async (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: 7, email: 'ada@example.com' }));
    });
    const lookup = vi.spyOn(dns, 'lookup');
    const client = new SendosoClient({
      baseUrl: `http://localhost:${server.port}/api/v3`,
      token: longLivedToken,
      logLevel: 'off',
      rateLimit: false,
    });
    expect((await client.me()).id).toBe(7);
    expect(server.requests).toBe(1);
    expect(lookup.mock.calls.map((call) => call[0])).not.toContain('localhost');
  });
});

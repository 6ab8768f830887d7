import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { type ClientOptions, SendosoClient, ValidationError } from '../../src/index.js';
import { authorizedClient, requestsTo, sandbox } from '../helpers.js';
import { recorderFor } from './servers.js';

function refused(options: ClientOptions): ValidationError {
  try {
    new SendosoClient({ logLevel: 'off', ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('the options were accepted');
}

describe('defaultHeaders', () => {
  it('reach every API request, and a call’s own headers win', async () => {
    const s = await sandbox({ rateLimit: false });
    const front = await recorderFor(s);
    const client = await authorizedClient(s, {
      ...front.urls,
      rateLimit: false,
      defaultHeaders: { 'X-Correlation-Id': 'run-42', 'X-Team': 'growth' },
    });
    await client.me();
    const page = await client.touches.list({ pageSize: 3 });
    await page.getNextPage();
    const created = await client.touches.create({ name: 'with headers' });
    await client.touches.update(created.id, { name: 'renamed' });
    await client.touches.delete(created.id);
    await client.touches.get(1, { headers: { 'x-team': 'sales', 'X-Extra': 'yes' } });

    const api = front.seen.filter((r) => r.url.startsWith('/api/v3'));
    expect(api.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([
      'GET /api/v3/me',
      'GET /api/v3/touches',
      'GET /api/v3/touches',
      'POST /api/v3/touches',
      `PATCH /api/v3/touches/${created.id}`,
      `DELETE /api/v3/touches/${created.id}`,
      'GET /api/v3/touches/1',
    ]);
    for (const r of api) expect(r.headers['x-correlation-id'], r.url).toBe('run-42');
    expect(api.slice(0, -1).map((r) => r.headers['x-team'])).toEqual(Array(6).fill('growth'));
    // Names compare without case: the call's `x-team` replaced the default, it was not sent twice.
    expect(api.at(-1)?.headers['x-team']).toBe('sales');
    expect(api.at(-1)?.headers['x-extra']).toBe('yes');
    // The SDK's own headers stay.
    for (const r of api) expect(r.headers.authorization).toMatch(/^Bearer \S+$/);
    expect(api[0]?.headers['user-agent']).toMatch(/^sendoso-element\//);
  });

  it('a call cannot replace the token: Authorization always comes from the token manager', async () => {
    const s = await sandbox({ rateLimit: false });
    const front = await recorderFor(s);
    const client = await authorizedClient(s, { ...front.urls, rateLimit: false });
    await client.touches.get(1, { headers: { authorization: 'Bearer forged' } });
    const token = await client.auth.getToken();
    expect(front.seen.at(-1)?.headers.authorization).toBe(`Bearer ${token?.accessToken}`);
  });

  it('Authorization and other headers the SDK owns are refused as defaults, without quoting values', () => {
    const error = refused({
      defaultHeaders: {
        Authorization: 'Bearer secret-value',
        'Content-Length': '3',
        'bad name': 'x',
        'X-Split': 'a\r\nInjected: yes',
      },
    });
    expect(error.issues).toEqual([
      { path: 'defaultHeaders.Authorization', message: expect.stringMatching(/OAuth token/) },
      { path: 'defaultHeaders.Content-Length', message: 'is set from the body' },
      { path: 'defaultHeaders.bad name', message: 'is not a valid header name' },
      { path: 'defaultHeaders.X-Split', message: 'must not contain CR, LF or NUL' },
    ]);
    expect(error.message).not.toContain('secret-value');
    expect(refused({ defaultHeaders: { 'X-Number': 7 as unknown as string } }).issues).toEqual([
      { path: 'defaultHeaders.X-Number', message: 'must be a string' },
    ]);
  });

  it('may replace the User-Agent (an integration platform naming itself)', async () => {
    const s = await sandbox({ rateLimit: false });
    const front = await recorderFor(s);
    const client = await authorizedClient(s, {
      ...front.urls,
      rateLimit: false,
      defaultHeaders: { 'user-agent': 'acme-connector/3.1' },
    });
    await client.me();
    expect(front.seen.at(-1)?.headers['user-agent']).toBe('acme-connector/3.1');
  });
});

describe('defaultQuery', () => {
  it('is added to every API request; the SDK’s own parameters win', async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await authorizedClient(s, {
      rateLimit: false,
      defaultQuery: { tenant: 'acme', debug: true, page: 7 },
    });
    await client.me();
    const page = await client.touches.list({ pageSize: 5 });
    expect(page.items.map((t) => t.id)).toEqual([1, 2, 3, 4, 5]);
    const api = s.requests.filter((r) => r.path.startsWith('/api/v3'));
    for (const r of api) expect(r.query).toMatchObject({ tenant: 'acme', debug: 'true' });
    expect(requestsTo(s, '/api/v3/touches')[0]?.query).toMatchObject({ page: '1', per_page: '5' });
    expect(requestsTo(s, '/api/v3/me')[0]?.query).toMatchObject({ page: '7' });
    // OAuth requests are not Sendoso API requests: they carry no default parameters.
    expect(requestsTo(s, '/oauth/token')[0]?.query).toEqual({});
  });

  it('values must be strings, finite numbers or booleans', () => {
    const error = refused({
      defaultQuery: { nested: {} as unknown as string, n: Number.NaN, '': 'x' },
    });
    expect(error.issues.map((i) => i.path)).toEqual([
      'defaultQuery.nested',
      'defaultQuery.n',
      'defaultQuery',
    ]);
  });
});

describe('httpAgent', () => {
  it('carries API calls and OAuth token requests', async () => {
    const s = await sandbox({ rateLimit: false });
    const looked: string[] = [];
    const httpAgent = new http.Agent({
      keepAlive: true,
      // Answers every name with the sandbox's address, so the test sees this agent was the one used.
      lookup: ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
        looked.push(hostname);
        if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
        else callback(null, '127.0.0.1', 4);
      }) as unknown as http.AgentOptions['lookup'],
    });
    const client = await authorizedClient(s, {
      rateLimit: false,
      baseUrl: `http://localhost:${s.port}/api/v3`,
      authBaseUrl: `http://localhost:${s.port}`,
      httpAgent,
    });
    let freed = 0;
    httpAgent.on('free', () => freed++);
    await client.me();
    expect(looked.length).toBeGreaterThanOrEqual(1);
    expect(looked.every((host) => host === 'localhost')).toBe(true);
    expect(freed).toBe(1);
    // The token request takes it too, on the connection the API call left open.
    await client.auth.refresh();
    expect(freed).toBe(2);
    expect(requestsTo(s, '/oauth/token')).toHaveLength(2);
    await client.me();
    expect(freed).toBe(3);
    httpAgent.destroy();
  });

  it('agents must be agents, and a proxy cannot come with them', () => {
    expect(refused({ httpAgent: {} as http.Agent }).issues).toEqual([
      { path: 'httpAgent', message: 'must be an http.Agent' },
    ]);
    expect(refused({ httpsAgent: new http.Agent() as never }).issues).toEqual([
      { path: 'httpsAgent', message: 'must be an https.Agent' },
    ]);
    expect(
      refused({ proxy: 'http://127.0.0.1:3128', httpAgent: new http.Agent() }).issues.map((i) => i.path),
    ).toEqual(['proxy']);
  });
});

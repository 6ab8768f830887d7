import { describe, expect, it } from 'vitest';
import {
  InternalServerError,
  MemoryTokenStore,
  type RequestEvent,
  TimeoutError,
  type Token,
  ValidationError,
} from '../../src/index.js';
import { authorizedClient, clientFor, requestsTo, sandbox } from '../helpers.js';
import { recorderFor } from './servers.js';

describe('client.withOptions()', () => {
  it('maxRetries: 0 does not retry, while the client it came from still does', async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const strict = client.withOptions({ maxRetries: 0 });

    s.faults.next(1, { status: 503, match: { path: '/api/v3/touches/1' } });
    await expect(strict.touches.get(1)).rejects.toBeInstanceOf(InternalServerError);
    expect(requestsTo(s, '/api/v3/touches/1').map((r) => r.status)).toEqual([503]);

    s.faults.next(1, { status: 503, match: { path: '/api/v3/touches/2' } });
    expect(await client.touches.get(2)).toMatchObject({ id: 2 });
    expect(requestsTo(s, '/api/v3/touches/2').map((r) => r.status)).toEqual([503, 200]);
  });

  it('both clients share one token manager: a stale token is refreshed once for both', async () => {
    const s = await sandbox({ rateLimit: false });
    const issued = await (await authorizedClient(s)).auth.getToken();
    // The app loaded a token that has just expired: stale for every call of both clients.
    const client = clientFor(s, {
      rateLimit: false,
      token: { ...(issued as Token), expiresAt: Date.now() - 1_000 },
    });
    const strict = client.withOptions({ maxRetries: 0, timeoutMs: 5_000 });
    const tokens: Token[] = [];
    strict.on('token', (token) => tokens.push(token));
    expect(requestsTo(s, '/oauth/token')).toHaveLength(1);

    await Promise.all([client.me(), strict.me(), client.touches.get(1), strict.touches.get(2)]);
    expect(requestsTo(s, '/oauth/token')).toHaveLength(2);
    expect(tokens).toHaveLength(1);
    expect(await strict.auth.getToken()).toEqual(tokens[0]);
    expect(strict.auth).toBe(client.auth);
  });

  it('timeoutMs applies to the new client only', async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const impatient = client.withOptions({ timeoutMs: 100, maxRetries: 0 });
    s.faults.next(1, { delayMs: 1_000, match: { path: '/api/v3/touches/3' } });
    await expect(impatient.touches.get(3)).rejects.toBeInstanceOf(TimeoutError);
    s.faults.next(1, { delayMs: 300, match: { path: '/api/v3/touches/3' } });
    expect(await client.touches.get(3)).toMatchObject({ id: 3 });
  });

  it('shares the rate limiter: two clients of one account together stay under Sendoso’s limit', async () => {
    const s = await sandbox({ rateLimit: 3 });
    const client = await authorizedClient(s, { rateLimit: 3 });
    const other = client.withOptions({ defaultHeaders: { 'X-Job': 'sync' } });
    await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((id) => (id % 2 ? client : other).touches.get(id)));
    const api = s.requests.filter((r) => r.path.startsWith('/api/v3'));
    expect(api).toHaveLength(8);
    expect(api.filter((r) => r.status === 429)).toEqual([]);
  });

  it('headers and query parameters are added to the parent’s, which keeps its own', async () => {
    const s = await sandbox({ rateLimit: false });
    const front = await recorderFor(s);
    const client = await authorizedClient(s, {
      ...front.urls,
      rateLimit: false,
      defaultHeaders: { 'X-App': 'crm' },
      defaultQuery: { tenant: 'acme' },
    });
    const batch = client.withOptions({ defaultHeaders: { 'x-app': 'crm-batch', 'X-Trace': 't1' } });
    await batch.me();
    await client.me();
    const [fromBatch, fromParent] = front.seen.filter((r) => r.url.startsWith('/api/v3/me'));
    expect(fromBatch?.headers).toMatchObject({ 'x-app': 'crm-batch', 'x-trace': 't1' });
    expect(fromBatch?.url).toBe('/api/v3/me?tenant=acme');
    expect(fromParent?.headers['x-app']).toBe('crm');
    expect(fromParent?.headers['x-trace']).toBeUndefined();
  });

  it('events of the new client reach listeners of the client it came from', async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const seen: RequestEvent[] = [];
    client.on('request', (event) => seen.push(event));
    await client.withOptions({ timeoutMs: 10_000 }).touches.get(4);
    expect(seen).toEqual([{ method: 'GET', path: '/touches/4', attempt: 1 }]);
  });

  it('refuses what it cannot change, naming it, and checks the rest like the constructor', async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const refusal = (overrides: Record<string, unknown>) => {
      try {
        client.withOptions(overrides as never);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return (error as ValidationError).issues;
      }
      throw new Error('accepted');
    };
    expect(refusal({ tokenStore: new MemoryTokenStore(), rateLimit: false })).toEqual([
      { path: 'tokenStore', message: expect.stringMatching(/^cannot be changed by withOptions\(\)/) },
      { path: 'rateLimit', message: expect.stringMatching(/^cannot be changed by withOptions\(\)/) },
    ]);
    expect(refusal({ maxRetrys: 0 })).toEqual([
      { path: 'maxRetrys', message: 'unknown option; did you mean "maxRetries"?' },
    ]);
    expect(
      refusal({ timeoutMs: 0, defaultHeaders: { Authorization: 'Bearer x' } }).map((i) => i.path),
    ).toEqual(['timeoutMs', 'defaultHeaders.Authorization']);
  });
});

import { describe, expect, it } from 'vitest';
import {
  AbortError,
  ConnectionError,
  InternalServerError,
  RateLimitError,
  type RetryEvent,
  TimeoutError,
} from '../../src/index.js';
import { authorizedClient, requestsTo, sandbox } from '../helpers.js';

const gift = {
  touch_id: 1,
  via: 'single_email_address',
  via_from: 'tests',
  email: 'ada@example.com',
} as const;

describe('retries', () => {
  it('retries 503, 503 and succeeds on the third request', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const retries: RetryEvent[] = [];
    client.on('retry', (e) => retries.push(e));
    s.faults.next(2, { status: 503, body: { success: false, message: 'Service Unavailable' } });
    const me = await client.me();
    expect(me.id).toBeDefined();
    expect(requestsTo(s, '/api/v3/me').map((r) => r.status)).toEqual([503, 503, 200]);
    expect(retries.map((r) => [r.attempt, r.status])).toEqual([
      [1, 503],
      [2, 503],
    ]);
    // Exponential: about 0.5 s then about 1 s, with up to 25% jitter.
    expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(375);
    expect(retries[0]?.delayMs).toBeLessThanOrEqual(500);
    expect(retries[1]?.delayMs).toBeGreaterThanOrEqual(750);
    expect(retries[1]?.delayMs).toBeLessThanOrEqual(1000);
  });

  it('gives up after maxRetries with the last error', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.faults.next(5, { status: 500, body: { success: false, message: 'boom' } });
    const err = await client.me({ maxRetries: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InternalServerError);
    expect((err as InternalServerError).message).toBe('boom');
    expect(requestsTo(s, '/api/v3/me').length).toBe(2);
  });

  it('waits at least Retry-After seconds on a 429', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.faults.next(1, {
      status: 429,
      headers: { 'Retry-After': '1' },
      body: { success: false, message: 'slow down' },
    });
    await client.me();
    const [limited, ok] = requestsTo(s, '/api/v3/me');
    expect(limited?.status).toBe(429);
    expect(ok?.status).toBe(200);
    expect((ok?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('honours X-Rate-Limit-Reset, and fails at once when the server asks for more than 60 s', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const retries: RetryEvent[] = [];
    client.on('retry', (e) => retries.push(e));
    s.faults.next(1, { status: 429, headers: { 'X-Rate-Limit-Reset': '0' } });
    await client.me();
    expect(retries[0]?.delayMs).toBe(0);

    s.faults.next(1, {
      status: 429,
      headers: { 'Retry-After': '120' },
      body: { success: false, message: 'blocked' },
    });
    const err = await client.me().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfterMs).toBe(120_000);
    expect(retries).toHaveLength(1);
  });

  it('reads Retry-After as an HTTP date too', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const retries: RetryEvent[] = [];
    client.on('retry', (e) => retries.push(e));
    const when = new Date(Date.now() + 2000).toUTCString();
    s.faults.next(1, { status: 429, headers: { 'Retry-After': when } });
    await client.me();
    // HTTP dates have whole seconds: the wait is between 1 and 2 s.
    expect(retries[0]?.delayMs).toBeGreaterThan(900);
    expect(retries[0]?.delayMs).toBeLessThanOrEqual(2000);
  });

  it('sends a PATCH answered 500 exactly once, but retries a DELETE', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.faults.next(1, { status: 500, match: { method: 'PATCH' } });
    await expect(client.touches.update(1, { name: 'x' })).rejects.toBeInstanceOf(InternalServerError);
    expect(requestsTo(s, '/api/v3/touches/1', 'PATCH')).toHaveLength(1);
    s.faults.next(1, { status: 502, match: { method: 'DELETE' } });
    await client.touches.delete(1);
    expect(requestsTo(s, '/api/v3/touches/1', 'DELETE').map((r) => r.status)).toEqual([502, 200]);
  });

  it('honours Retry-After on a 503 too', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const retries: RetryEvent[] = [];
    client.on('retry', (e) => retries.push(e));
    s.faults.next(1, { status: 503, headers: { 'Retry-After': '2' } });
    await client.me();
    expect(retries.map((r) => r.delayMs)).toEqual([2000]);
  }, 10_000);

  it('sends a POST answered 500 exactly once', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.faults.next(1, { status: 500, match: { method: 'POST', path: '/api/v3/send' } });
    const err = await client.gifts.create(gift).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InternalServerError);
    const posts = requestsTo(s, '/api/v3/send', 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toEqual({ send: gift });
  });

  it('does not retry a POST after a connection reset (it may have reached Sendoso)', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.faults.next(1, { reset: true, match: { method: 'POST', path: '/api/v3/send' } });
    const err = await client.gifts.create(gift).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(requestsTo(s, '/api/v3/send', 'POST')).toHaveLength(1);
    expect(s.data.gifts.all().length).toBe(250);
  });

  it('retries a GET after a connection reset', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.faults.next(1, { reset: true });
    expect((await client.me()).id).toBeDefined();
    expect(requestsTo(s, '/api/v3/me').length).toBe(2);
  });

  it('retries a POST whose connection was refused (it never reached the server)', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const token = await client.auth.getToken();
    const port = s.port;
    await s.close();
    const offline = (await import('../../src/index.js')).SendosoClient;
    const dead = new offline({
      baseUrl: `http://127.0.0.1:${port}/api/v3`,
      authBaseUrl: `http://127.0.0.1:${port}`,
      token,
      logLevel: 'off',
    });
    const retries: RetryEvent[] = [];
    dead.on('retry', (e) => retries.push(e));
    const err = await dead.gifts.create(gift, { maxRetries: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).code).toBe('ECONNREFUSED');
    expect(retries).toHaveLength(1);
  });

  it('a hung server is a TimeoutError after timeoutMs', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.faults.next(1, { delayMs: 3000 });
    const started = Date.now();
    const err = await client.me({ timeoutMs: 200, maxRetries: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).timeoutMs).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('an aborted signal is an AbortError, and a signal aborted before the call sends nothing', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.faults.next(1, { delayMs: 3000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const err = await client.me({ signal: controller.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);

    s.clearRequests();
    const aborted = AbortSignal.abort();
    await expect(client.touches.list(undefined, { signal: aborted })).rejects.toBeInstanceOf(AbortError);
    expect(s.requests).toHaveLength(0);
  });

  it('an abort during the backoff wait stops the retries', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.faults.next(3, { status: 503 });
    const controller = new AbortController();
    client.on('retry', () => controller.abort());
    const err = await client.me({ signal: controller.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(requestsTo(s, '/api/v3/me')).toHaveLength(1);
  });
});

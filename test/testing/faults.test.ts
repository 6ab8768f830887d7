import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/testing/index.js';
import { api, issueToken, tokenRequest } from './helpers.js';

let sandbox: Sandbox;
let token: string;
beforeAll(async () => {
  sandbox = await createSandbox({ rateLimit: false, seed: { touches: 5 } });
  token = (await issueToken(sandbox)).access_token;
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.faults.clear();
  sandbox.clearRequests();
});

const me = () => api(sandbox, token, '/me');
const statuses = async (n: number, call = me) => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await call()).status);
  return out;
};

describe('faults.next', () => {
  it('fails the next n API requests with 500 and a Sendoso error body, then recovers', async () => {
    sandbox.faults.next(2);
    const first = await me();
    expect(first).toMatchObject({ status: 500, body: { success: false, message: 'Internal Server Error' } });
    expect(first.headers.get('x-request-id')).toBeTruthy();
    expect(await statuses(2)).toEqual([500, 200]);
  });

  it('answers the given status, body and headers; a string body goes out verbatim', async () => {
    sandbox.faults.next(1, { status: 503, body: { oops: true }, headers: { 'Retry-After': '1' } });
    sandbox.faults.next(1, { status: 200, body: '{"truncated": ' });
    const unavailable = await me();
    expect(unavailable).toMatchObject({ status: 503, body: { oops: true } });
    expect(unavailable.headers.get('retry-after')).toBe('1');
    const raw = await fetch(`${sandbox.baseUrl}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(await raw.text()).toBe('{"truncated": ');
  });

  it("uses Sendoso's 429 body for a 429 without a body", async () => {
    sandbox.faults.next(1, { status: 429 });
    expect(await me()).toMatchObject({
      status: 429,
      body: { message: 'Too many requests. Please slow down.' },
    });
  });

  it('lets `after` matching requests pass first', async () => {
    sandbox.faults.next(2, { after: 2, status: 502 });
    expect(await statuses(5)).toEqual([200, 200, 502, 502, 200]);
  });

  it('applies rules in the order they were added', async () => {
    sandbox.faults.next(1, { status: 503 });
    sandbox.faults.next(1, { status: 504 });
    expect(await statuses(3)).toEqual([503, 504, 200]);
  });

  it('matches by method and by path (string or RegExp, without the query)', async () => {
    sandbox.faults.next(1, { status: 500, match: { method: 'post', path: '/api/v3/send' } });
    sandbox.faults.next(1, { status: 418, match: { path: /^\/api\/v3\/touches\/\d+$/ } });
    expect((await api(sandbox, token, '/send')).status).toBe(200);
    expect((await api(sandbox, token, '/touches?per_page=2')).status).toBe(200);
    expect((await api(sandbox, token, '/touches/3?x=1')).status).toBe(418);
    const posted = await api(sandbox, token, '/send', { method: 'POST', body: { send: { touch_id: 1 } } });
    expect(posted.status).toBe(500);
  });

  it('leaves OAuth alone unless a rule matches it', async () => {
    sandbox.faults.next(1, { status: 500 });
    expect((await tokenRequest(sandbox, { grant_type: 'client_credentials' })).status).toBe(400);
    expect((await me()).status).toBe(500);
    sandbox.faults.next(1, { status: 503, match: { path: '/oauth/token' } });
    expect((await tokenRequest(sandbox, { grant_type: 'client_credentials' })).status).toBe(503);
  });

  it('delays and then answers normally when only delayMs is given', async () => {
    sandbox.faults.next(1, { delayMs: 150 });
    const started = Date.now();
    expect((await me()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    sandbox.faults.next(1, { delayMs: 50, status: 504 });
    expect((await me()).status).toBe(504);
  });

  it('resets the socket without answering', async () => {
    sandbox.faults.next(1, { reset: true });
    await expect(me()).rejects.toThrow();
    expect(sandbox.requests.at(-1)).toMatchObject({ status: 0, fault: true });
    expect((await me()).status).toBe(200);
  });

  it('lets a client time out on a long delay', async () => {
    sandbox.faults.next(1, { delayMs: 5_000 });
    const err = await new Promise<Error>((resolve) => {
      const req = request(`${sandbox.baseUrl}/me`, {
        headers: { authorization: `Bearer ${token}` },
        timeout: 100,
      });
      req.on('timeout', () => req.destroy(new Error('client timeout')));
      req.on('error', resolve);
      req.end();
    });
    expect(err.message).toBe('client timeout');
  });

  it('clear() drops pending faults', async () => {
    sandbox.faults.next(3, { status: 500 });
    sandbox.faults.clear();
    expect(await statuses(2)).toEqual([200, 200]);
  });

  it('refuses a count that is not a positive integer', () => {
    expect(() => sandbox.faults.next(0)).toThrow(/count/);
    expect(() => sandbox.faults.next(1, { after: -1 })).toThrow(/after/);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/testing/index.js';
import { api, issueToken, tokenRequest } from './helpers.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('sandbox.requests', () => {
  it('records method, raw path, query, parsed body, status and arrival time, oldest first', async () => {
    sandbox = await createSandbox({ rateLimit: false });
    const token = (await issueToken(sandbox)).access_token;
    sandbox.clearRequests();
    const before = Date.now();
    await api(sandbox, token, '/touches?page=2&per_page=10');
    await api(sandbox, token, '/journals', { method: 'POST', body: { journal: { amount: '5.0' } } });
    await fetch(`${sandbox.baseUrl}/journals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: new URLSearchParams({ note: 'form' }),
    });
    await api(sandbox, token, '/journals', { method: 'POST', body: '{broken' });
    const log = sandbox.requests;
    expect(log.map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', '/api/v3/touches', 200],
      ['POST', '/api/v3/journals', 201],
      ['POST', '/api/v3/journals', 400],
      ['POST', '/api/v3/journals', 400],
    ]);
    expect(log[0]?.query).toEqual({ page: '2', per_page: '10' });
    expect(log[1]?.body).toEqual({ journal: { amount: '5.0' } });
    expect(log[2]?.body).toEqual({ note: 'form' });
    expect(log[3]?.body).toBeUndefined();
    expect(log[0]?.body).toBeUndefined();
    for (const entry of log) expect(entry.at).toBeGreaterThanOrEqual(before);
    expect(log.map((r) => r.at)).toEqual([...log.map((r) => r.at)].sort((a, b) => a - b));
  });

  it('never holds a token, code or client secret', async () => {
    sandbox = await createSandbox({ rateLimit: false });
    const code = await sandbox.authorize();
    const first = await tokenRequest(sandbox, { grant_type: 'authorization_code', code });
    const second = await tokenRequest(sandbox, {
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token ?? '',
    });
    const secrets = [
      code,
      sandbox.clientSecret,
      first.body.access_token,
      first.body.refresh_token ?? '',
      second.body.access_token,
    ];
    await api(sandbox, second.body.access_token, `/me?access_token=${second.body.access_token}`);
    const basic = Buffer.from(`${sandbox.clientId}:${sandbox.clientSecret}`).toString('base64');
    await fetch(`${sandbox.authBaseUrl}/oauth/revoke?token=${second.body.access_token}`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}` },
    });
    const serialized = JSON.stringify(sandbox.requests);
    for (const secret of secrets) expect(serialized).not.toContain(secret);
    // The keys stay visible, so tests can still see what kind of request was made.
    expect(sandbox.requests[0]?.body).toMatchObject({ grant_type: 'authorization_code', code: '[redacted]' });
    expect(sandbox.requests[1]?.body).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: '[redacted]',
    });
  });

  it('flags faulted and rate-limited requests; a rate-limited request consumes no fault', async () => {
    sandbox = await createSandbox({ rateLimit: 1 });
    const token = (await issueToken(sandbox)).access_token;
    await api(sandbox, token, '/me');
    sandbox.faults.next(1, { status: 503 });
    expect((await api(sandbox, token, '/me')).status).toBe(429);
    await new Promise((r) => setTimeout(r, 1_010));
    expect((await api(sandbox, token, '/me')).status).toBe(503);
    const flags = sandbox.requests.slice(-3).map((r) => [r.status, r.rateLimited ?? false, r.fault ?? false]);
    expect(flags).toEqual([
      [200, false, false],
      [429, true, false],
      [503, false, true],
    ]);
  });

  it('is a snapshot, and clearRequests() empties it', async () => {
    sandbox = await createSandbox();
    await fetch(`${sandbox.authBaseUrl}/oauth/token`);
    const snapshot = sandbox.requests;
    expect(snapshot).toHaveLength(1);
    sandbox.clearRequests();
    expect(sandbox.requests).toEqual([]);
    expect(snapshot).toHaveLength(1);
  });
});

/**
 * README blocks of the raw-response, client-option and many-account sections, run against the
 * sandbox (test/readme.test.ts checks the README's blocks are these regions).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clientForAccount } from '../../examples/many-accounts.js';
import { FileTokenStore, SendosoClient } from '../../src/index.js';
import { type SandboxOptions, createSandbox as startSandbox } from '../../src/testing/index.js';
import { authorizedClient, requestsTo, sandbox } from '../helpers.js';
import { forwardProxy } from './servers.js';

const dirs: string[] = [];
const started: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await Promise.all(started.splice(0).map((s) => s.close()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** `createSandbox` as the README writes it, closed after the test. */
async function createSandbox(options: SandboxOptions) {
  const s = await startSandbox(options);
  started.push(s);
  return s;
}

describe('README: responses, client-wide options, many accounts', () => {
  it('raw responses', async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const lines: unknown[][] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args));

    // #region readme responses
    const { data: touch, response } = await client.touches.get(3).withResponse();
    console.log(touch.name, response.status, response.requestId, `${response.elapsedMs} ms`);

    const page = await client.touches.list({ pageSize: 50 });
    console.log(page.items.length, page.response.requestId); // the request that filled this page

    const { status, headers } = await client.me().asResponse(); // the response alone, body unparsed
    // #endregion

    expect(lines[0]?.[2]).toBe(s.requests.find((r) => r.path === '/api/v3/touches/3')?.requestId);
    expect(lines[1]?.[1]).toBe(requestsTo(s, '/api/v3/touches')[0]?.requestId);
    expect(status).toBe(200);
    expect(headers['x-request-id']).toBe(requestsTo(s, '/api/v3/me')[0]?.requestId);
  });

  it('client-wide options and withOptions()', async () => {
    const s = await sandbox({ rateLimit: false });
    const proxy = await forwardProxy();
    vi.stubEnv('SENDOSO_CLIENT_ID', s.clientId);
    vi.stubEnv('SENDOSO_CLIENT_SECRET', s.clientSecret);
    vi.stubEnv('SENDOSO_REDIRECT_URI', s.redirectUri);
    vi.stubEnv('SENDOSO_BASE_URL', s.baseUrl);
    vi.stubEnv('SENDOSO_AUTH_BASE_URL', s.authBaseUrl);
    vi.stubEnv('HTTPS_PROXY', proxy.url);
    const jobId = 'job-7';
    const traceId = 'trace-1';

    // #region readme client-options
    const client = new SendosoClient({
      defaultHeaders: { 'X-Correlation-Id': jobId }, // on every API request; a call's own headers win
      defaultQuery: { source: 'crm-sync' },
      proxy: process.env.HTTPS_PROXY, // API and OAuth requests go through it (CONNECT tunnels)
    });
    // #endregion
    await client.auth.exchangeCode(await s.authorize());

    // #region readme with-options
    // Same token manager (one refresh), rate limiters, connections and listeners; other settings.
    const strict = client.withOptions({ maxRetries: 0, timeoutMs: 5_000 });
    const traced = client.withOptions({ defaultHeaders: { 'X-Trace-Id': traceId } });
    await strict.touches.get(3);
    await traced.me();
    // #endregion

    expect(proxy.carried).toEqual(s.requests.map((r) => `${r.method} ${r.path}`));
    expect(requestsTo(s, '/api/v3/touches/3')[0]?.query).toEqual({ source: 'crm-sync' });
    expect(strict.auth).toBe(client.auth);
    expect(traced.auth).toBe(client.auth);
  });

  it('many accounts in one app', async () => {
    const sandbox = await createSandbox({ rateLimitPer: 'user' });
    const tokenDir = await mkdtemp(join(tmpdir(), 'accounts-'));
    dirs.push(tokenDir);
    const options = { ...sandbox.clientOptions(), logLevel: 'off' } as const;
    const acmeStore = new FileTokenStore(join(tokenDir, 'acme.json'));
    await clientForAccount('acme', acmeStore, options).auth.exchangeCode(
      await sandbox.authorize({ userId: 'acme' }),
    );

    // #region readme many-accounts-use
    const acme = clientForAccount('acme', new FileTokenStore(join(tokenDir, 'acme.json')), options);
    const nightly = acme.withOptions({ maxRetries: 5 }); // same account: same token and limiters
    const [me] = await Promise.all([acme.me(), nightly.touches.get(1)]);
    // #endregion

    expect(me.id).toBe('acme');
  });

  it('sandbox users', async () => {
    // #region readme sandbox-users
    const sandbox = await createSandbox({ rateLimitPer: 'user' }); // 10 a second per user, as Sendoso counts
    const client = new SendosoClient({ ...sandbox.clientOptions() });
    await client.auth.exchangeCode(await sandbox.authorize({ userId: 42 })); // signed in as user 42
    const me = await client.me(); // { id: 42, ... }
    // #endregion
    expect(me.id).toBe(42);
  });
});

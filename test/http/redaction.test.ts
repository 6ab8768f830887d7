import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  InternalServerError,
  type Logger,
  NotFoundError,
  OAuthError,
  PermissionDeniedError,
  RateLimitError,
  SendosoClient,
  type SendosoError,
  TimeoutError,
  type Token,
  UnprocessableEntityError,
  ValidationError,
} from '../../src/index.js';
import type { Sandbox } from '../../src/testing/index.js';
import { clientFor, sandbox } from '../helpers.js';

/** Every form an error takes when an app prints or ships it. */
function renderings(err: unknown): string[] {
  const e = err as Error;
  return [
    String(e),
    e.stack ?? '',
    inspect(e, { depth: 10 }),
    JSON.stringify(e),
    inspect(e, { showHidden: true, depth: 10 }),
  ];
}

function expectClean(err: unknown, secrets: string[], expectedClass: new (...args: never[]) => SendosoError) {
  expect(err).toBeInstanceOf(expectedClass);
  for (const text of renderings(err)) {
    for (const secret of secrets) expect(text).not.toContain(secret);
  }
}

async function setup(): Promise<{ s: Sandbox; client: SendosoClient; secrets: string[]; lines: string[] }> {
  const s = await sandbox();
  const lines: string[] = [];
  const capture = (level: string) => (message: string, data?: Record<string, unknown>) =>
    lines.push(`${level} ${message} ${data ? JSON.stringify(data) : ''}`);
  const logger: Logger = {
    error: capture('error'),
    warn: capture('warn'),
    info: capture('info'),
    debug: capture('debug'),
  };
  const client = clientFor(s, { logger, logLevel: 'debug' });
  const code = await s.authorize();
  const token = await client.auth.exchangeCode(code);
  const secrets = [s.clientSecret, code, token.accessToken, token.refreshToken ?? 'no-refresh-token'];
  return { s, client, secrets, lines };
}

describe('secrets never appear in errors or logs', () => {
  it('API errors (401, 404, 429, 500) carry no token, secret or code', async () => {
    const { s, client, secrets } = await setup();
    s.faults.next(2, { status: 401, body: { success: false, description: 'The access token is invalid' } });
    const auth = await client.me().catch((e: unknown) => e);
    const current = (await client.auth.getToken()) as Token;
    const all = [...secrets, current.accessToken, current.refreshToken ?? ''];
    expectClean(auth, all, AuthenticationError);
    expectClean(await client.touches.get(999_999).catch((e: unknown) => e), all, NotFoundError);
    s.faults.next(1, { status: 429, headers: { 'Retry-After': '120' } });
    expectClean(await client.me().catch((e: unknown) => e), all, RateLimitError);
    s.faults.next(1, { status: 500 });
    expectClean(await client.me({ maxRetries: 0 }).catch((e: unknown) => e), all, InternalServerError);
  });

  it('every other status class (400, 403, 409, 422) carries no token, secret or code', async () => {
    const { s, client, secrets } = await setup();
    const classes = [
      [400, BadRequestError],
      [403, PermissionDeniedError],
      [409, ConflictError],
      [422, UnprocessableEntityError],
    ] as const;
    for (const [status, ErrorClass] of classes) {
      s.faults.next(1, { status, body: { success: false, message: `status ${status}` } });
      const err = await client.me({ maxRetries: 0 }).catch((e: unknown) => e);
      expectClean(err, secrets, ErrorClass);
      expect((err as Error).message).toBe(`status ${status}`);
    }
  });

  it('poller errors (a throwing handler, a listing that fails) carry no token, secret or code', async () => {
    const { s, client, secrets } = await setup();
    const poller = client.poll('touches', { autoStart: false, initial: 'emit' });
    const errors: unknown[] = [];
    poller.on('error', (e) => errors.push(e));
    poller.on('created', () => {
      throw new Error('handler bug');
    });
    await poller.pollOnce().catch(() => undefined);
    s.faults.next(1, { status: 500 });
    await poller.pollOnce().catch((e: unknown) => errors.push(e));
    expect(errors.length).toBeGreaterThan(1);
    for (const err of errors) {
      for (const text of renderings(err)) for (const secret of secrets) expect(text).not.toContain(secret);
    }
    await poller.stop();
  });

  it('transport errors (timeout, abort, connection) carry no token, secret or code', async () => {
    const { s, client, secrets } = await setup();
    s.faults.next(1, { delayMs: 2000 });
    expectClean(
      await client.me({ timeoutMs: 100, maxRetries: 0 }).catch((e: unknown) => e),
      secrets,
      TimeoutError,
    );
    s.faults.next(1, { delayMs: 2000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expectClean(await client.me({ signal: controller.signal }).catch((e: unknown) => e), secrets, AbortError);
    s.faults.next(1, { reset: true });
    expectClean(await client.me({ maxRetries: 0 }).catch((e: unknown) => e), secrets, ConnectionError);
  });

  it('OAuth errors (invalid_grant on exchange and refresh) carry no token, secret or code', async () => {
    const { s, client, secrets } = await setup();
    const used = await s.authorize();
    await clientFor(s).auth.exchangeCode(used);
    expectClean(
      await client.auth.exchangeCode(used).catch((e: unknown) => e),
      [...secrets, used],
      OAuthError,
    );
    const current = (await client.auth.getToken()) as Token;
    // Rotate the refresh token behind the client's back, so its refresh is refused.
    await fetch(`${s.authBaseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'refresh_token',
        refresh_token: current.refreshToken,
        client_id: s.clientId,
        client_secret: s.clientSecret,
      }),
    });
    const err = await client.auth.refresh().catch((e: unknown) => e);
    expectClean(err, [...secrets, current.accessToken, current.refreshToken ?? ''], OAuthError);
    s.faults.next(1, { status: 500, match: { path: '/oauth/token' } });
    expectClean(
      await client.auth.exchangeCode(await s.authorize()).catch((e: unknown) => e),
      secrets,
      OAuthError,
    );
  });

  it('an unreachable token endpoint is a ConnectionError without secrets', async () => {
    const { s, secrets } = await setup();
    const port = s.port;
    await s.close();
    const client = new SendosoClient({
      clientId: 'id',
      clientSecret: secrets[0],
      redirectUri: 'http://127.0.0.1/cb',
      authBaseUrl: `http://127.0.0.1:${port}`,
      baseUrl: `http://127.0.0.1:${port}/api/v3`,
    });
    expectClean(
      await client.auth.exchangeCode(secrets[1] ?? 'x').catch((e: unknown) => e),
      secrets,
      ConnectionError,
    );
  });

  it('validation errors carry no secrets', async () => {
    const { client, secrets } = await setup();
    const err = await client.gifts.create({ touch_id: 1, via: 'nope' } as never).catch((e: unknown) => e);
    expectClean(err, secrets, ValidationError);
  });

  it('SENDOSO_LOG=debug turns on debug lines when no logLevel is given', async () => {
    const s = await sandbox();
    const lines: string[] = [];
    const push = (message: string) => lines.push(message);
    const logger: Logger = { error: push, warn: push, info: push, debug: push };
    process.env.SENDOSO_LOG = 'debug';
    try {
      const client = new SendosoClient({ ...s.clientOptions(), logger });
      await client.auth.exchangeCode(await s.authorize());
      await client.me();
    } finally {
      delete process.env.SENDOSO_LOG;
    }
    expect(lines.some((l) => l.includes('GET /me'))).toBe(true);
  });

  it('debug logs of a whole session carry no secrets, and the client prints none', async () => {
    const { s, client, secrets, lines } = await setup();
    s.expireAccessTokens();
    await client.me();
    await client.touches.list();
    s.faults.next(1, { status: 503 });
    await client.me();
    expect(lines.length).toBeGreaterThan(3);
    const current = (await client.auth.getToken()) as Token;
    const text = [...lines, inspect(client, { depth: 10 }), JSON.stringify(client)].join('\n');
    for (const secret of [...secrets, current.accessToken, current.refreshToken ?? ''])
      expect(text).not.toContain(secret);
  });
});

describe('a server that echoes credentials back', () => {
  it('never puts the echoed access token into an API error', async () => {
    const s = await sandbox();
    const client = clientFor(s);
    await client.auth.exchangeCode(await s.authorize());
    const token = (await client.auth.getToken()) as Token;
    s.faults.next(1, {
      status: 422,
      body: { success: false, message: `Bearer ${token.accessToken} may not do this` },
    });
    const unprocessable = await client.touches.get(1).catch((e: unknown) => e);
    expectClean(unprocessable, [token.accessToken], UnprocessableEntityError);
    expect((unprocessable as Error).message).toBe('Bearer [redacted] may not do this');

    // Both the request and its one replay after a refresh are refused, each echoing its own token.
    s.faults.next(2, {
      status: 401,
      body: { success: false, description: `token ${token.accessToken} is invalid` },
    });
    const unauthorized = await client.touches.get(1).catch((e: unknown) => e);
    const fresh = (await client.auth.getToken()) as Token;
    expectClean(
      unauthorized,
      [token.accessToken, fresh.accessToken, fresh.refreshToken ?? ''],
      AuthenticationError,
    );
  });

  it('never keeps an echoed access token or a secret field nested deeper than the redaction walks', async () => {
    const s = await sandbox();
    const client = clientFor(s);
    await client.auth.exchangeCode(await s.authorize());
    const token = (await client.auth.getToken()) as Token;
    let body: unknown = { echo: `Bearer ${token.accessToken}`, password: 'hunter2-hunter2' };
    for (let i = 0; i < 12; i++) body = { errors: [body] };
    s.faults.next(1, { status: 422, body });
    const err = await client.touches.get(1).catch((e: unknown) => e);
    expectClean(err, [token.accessToken, 'hunter2-hunter2'], UnprocessableEntityError);
  });

  it('never puts an echoed refresh token, code or client secret into an OAuthError', async () => {
    const s = await sandbox();
    const client = clientFor(s);
    const code = await s.authorize();
    s.faults.next(1, {
      status: 400,
      body: { error: 'invalid_grant', error_description: `code ${code} for ${s.clientSecret} was used` },
      match: { path: '/oauth/token' },
    });
    const exchange = await client.auth.exchangeCode(code).catch((e: unknown) => e);
    expectClean(exchange, [code, s.clientSecret], OAuthError);

    await client.auth.exchangeCode(await s.authorize());
    const token = (await client.auth.getToken()) as Token;
    s.faults.next(1, {
      status: 400,
      body: { error: 'invalid_grant', error_description: `refresh token ${token.refreshToken} is revoked` },
      match: { path: '/oauth/token' },
    });
    const refresh = await client.auth.refresh().catch((e: unknown) => e);
    expectClean(refresh, [token.refreshToken ?? '', token.accessToken, s.clientSecret], OAuthError);
    expect((refresh as OAuthError).message).toContain('[redacted]');
  });
});

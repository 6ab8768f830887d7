import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type ClientOptions,
  OAuthError,
  ResponseTooLargeError,
  SendosoClient,
  TimeoutError,
  type Token,
} from '../../src/index.js';
import { authorizedClient, requestsTo, sandbox } from '../helpers.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A local server that answers every request with `handler`; the URL of it. */
async function hostile(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A client whose token is due, pointed at `authBaseUrl`: any API call or refresh asks its token endpoint. */
function dueClient(authBaseUrl: string, options: ClientOptions = {}): SendosoClient {
  const token: Token = {
    accessToken: 'access',
    refreshToken: 'refresh',
    expiresAt: Date.now() - 1000,
    tokenType: 'bearer',
  };
  return new SendosoClient({
    clientId: 'id',
    clientSecret: 'secret',
    authBaseUrl,
    baseUrl: `${authBaseUrl}/api/v3`,
    token,
    logLevel: 'off',
    ...options,
  });
}

describe('token endpoint failures are told apart', () => {
  it('a 502 HTML page is OAuthError http_502 with the status', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.faults.next(1, {
      status: 502,
      body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
      headers: { 'content-type': 'text/html' },
      match: { path: '/oauth/token' },
    });
    const err = await client.auth.refresh().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuthError);
    expect(err).toMatchObject({ code: 'http_502', status: 502 });
  });

  it('a refusal with a huge error and description is an OAuthError of bounded size', async () => {
    const url = await hostile((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'e'.repeat(100_000), error_description: 'd'.repeat(100_000) }));
    });
    const err = await dueClient(url)
      .auth.refresh()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuthError);
    expect((err as OAuthError).status).toBe(400);
    expect((err as OAuthError).message).toMatch(/^OAuth e+… \[\d+ more characters\]$/);
    expect(JSON.stringify(err).length).toBeLessThan(2000);
  });

  it('a 307 is OAuthError http_307, and its Location never gets the client secret', async () => {
    let followed = 0;
    const elsewhere = await hostile((_req, res) => {
      followed++;
      res.end('{}');
    });
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.faults.next(1, {
      status: 307,
      body: '',
      headers: { location: `${elsewhere}/oauth/token` },
      match: { path: '/oauth/token' },
    });
    const err = await client.auth.refresh().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuthError);
    expect(err).toMatchObject({ code: 'http_307', status: 307 });
    expect(followed).toBe(0);
    expect((await client.me()).id).toBeDefined(); // the old pair is still good
  });

  it('a body that stops arriving is a TimeoutError', async () => {
    const url = await hostile((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"access_token":'); // ...and nothing more
    });
    const started = Date.now();
    const err = await dueClient(url, { timeoutMs: 300 })
      .auth.refresh()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).timeoutMs).toBe(300);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('client.auth.refresh({ timeoutMs }) bounds the token request', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.faults.next(1, { delayMs: 5_000, match: { path: '/oauth/token' } });
    const started = Date.now();
    const err = await client.auth.refresh({ timeoutMs: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).timeoutMs).toBe(200);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(requestsTo(s, '/oauth/token')).toHaveLength(2); // the exchange, then the refresh
  });
});

describe('token endpoint response size', () => {
  /** Streams JSON-typed bytes until the client hangs up (or 64 MiB); `sent()` says how many went out. */
  async function endless(): Promise<{ url: string; sent: () => number }> {
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const url = await hostile((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      const pump = () => {
        while (sent < 64 * 1024 * 1024 && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    return { url, sent: () => sent };
  }

  it('an endless body is cut off at the default 1 MiB: ResponseTooLargeError, memory bounded', async () => {
    const { url, sent } = await endless();
    const rss = process.memoryUsage().rss;
    const err = await dueClient(url)
      .me()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    expect((err as ResponseTooLargeError).maxResponseBytes).toBe(1_048_576);
    // Reading stopped early: most of the 64 MiB stayed at the server (socket buffers take a few MiB).
    expect(sent()).toBeLessThan(32 * 1024 * 1024);
    expect(process.memoryUsage().rss - rss).toBeLessThan(64 * 1024 * 1024);
  });

  it('honours the maxResponseBytes option', async () => {
    const { url } = await endless();
    const options: ClientOptions & { maxResponseBytes?: number } = { maxResponseBytes: 4096 };
    const err = await dueClient(url, options)
      .auth.refresh()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    expect((err as ResponseTooLargeError).maxResponseBytes).toBe(4096);
  });
});

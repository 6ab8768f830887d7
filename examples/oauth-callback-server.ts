/**
 * An OAuth callback server on node:http that keeps tokens in a FileTokenStore.
 *
 *   GET /login     → sets a login cookie and redirects the user to Sendoso's consent page
 *   GET /callback  → checks `state` against that cookie, exchanges the code, redirects to /me
 *   GET /me        → the signed-in Sendoso user, through the stored (auto-refreshed) token
 *
 * `state` is bound to the browser that started the login: /login sets an HttpOnly, SameSite=Lax
 * cookie holding a random nonce, and /callback accepts a state only together with the cookie it was
 * issued for, once, within 10 minutes. A state an attacker takes from /login is worthless in anyone
 * else's browser, so nobody can plant their own Sendoso grant in a victim's session. PKCE (S256)
 * also ties the code to this server. When the stored token stops working (revoked, or issued by the
 * sandbox of an earlier run), /me starts the login again.
 *
 * Run it against the sandbox with `npx tsx examples/oauth-callback-server.ts`, or against Sendoso by
 * setting SENDOSO_CLIENT_ID, SENDOSO_CLIENT_SECRET and SENDOSO_REDIRECT_URI (…/callback).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import {
  AuthenticationError,
  FileTokenStore,
  OAuthError,
  SendosoClient,
  SendosoError,
} from 'sendoso-element';

export type CallbackServer = { server: Server; url: string; close(): Promise<void> };

export type CallbackServerOptions = {
  /** How long a login may take from /login to /callback; default 10 minutes. */
  stateTtlMs?: number;
  /** Mark the login cookie `Secure`: do so whenever the callback is served over HTTPS (every real deployment). */
  secureCookie?: boolean;
};

const COOKIE = 'sendoso_login';
/** Logins waiting for their callback; older ones are dropped first, so /login cannot fill memory. */
const MAX_PENDING = 1_000;

type PendingLogin = { nonce: string; verifier: string; expiresAt: number };

/** Starts the callback server for `client` on 127.0.0.1:`port` (0 = random). */
export async function startCallbackServer(
  client: SendosoClient,
  port = 0,
  options: CallbackServerOptions = {},
): Promise<CallbackServer> {
  const ttlMs = options.stateTtlMs ?? 10 * 60_000;
  const cookie = (value: string, maxAgeS: number) =>
    `${COOKIE}=${value}; HttpOnly; SameSite=Lax; Path=/callback; Max-Age=${maxAgeS}${options.secureCookie ? '; Secure' : ''}`;
  const pending = new Map<string, PendingLogin>();

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    try {
      if (url.pathname === '/login') {
        forgetOld(pending);
        const [state, nonce, verifier] = [secret(), secret(), secret()];
        pending.set(state, { nonce, verifier, expiresAt: Date.now() + ttlMs });
        const consent = client.auth.authorizationUrl({ state, codeChallenge: s256(verifier) });
        res.writeHead(302, { Location: consent, 'Set-Cookie': cookie(nonce, Math.ceil(ttlMs / 1000)) }).end();
      } else if (url.pathname === '/callback') {
        const state = url.searchParams.get('state') ?? '';
        const login = pending.get(state);
        pending.delete(state); // single use, whatever happens next
        const nonce = cookieOf(req, COOKIE);
        const bound = login !== undefined && nonce !== undefined && sameText(nonce, login.nonce);
        if (!login || !bound || login.expiresAt <= Date.now()) {
          res
            .writeHead(400, { 'Set-Cookie': cookie('', 0) })
            .end(
              'This login was not started in this browser, was used already or expired: start again at /login',
            );
          return;
        }
        const refused = url.searchParams.get('error');
        if (refused) {
          res.writeHead(400, { 'Set-Cookie': cookie('', 0) }).end(`Sendoso refused the login: ${refused}`);
          return;
        }
        await client.auth.exchangeCode(url.searchParams.get('code') ?? '', { codeVerifier: login.verifier });
        res.writeHead(302, { Location: '/me', 'Set-Cookie': cookie('', 0) }).end();
      } else if (url.pathname === '/me') {
        const me = await client.me();
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(me));
      } else {
        res.writeHead(404).end('Not found');
      }
    } catch (err) {
      // No token, or one Sendoso no longer takes (revoked, or from another server): sign in again.
      if (url.pathname === '/me' && (err instanceof OAuthError || err instanceof AuthenticationError)) {
        res.writeHead(302, { Location: '/login' }).end();
        return;
      }
      // SDK errors never carry tokens or secrets, so their message is safe to show.
      const message = err instanceof SendosoError ? `${err.name}: ${err.message}` : 'Internal error';
      res.writeHead(502).end(message);
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // keep-alive sockets would hold close() open
      }),
  };
}

const secret = () => randomBytes(32).toString('base64url');
const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

function forgetOld(pending: Map<string, PendingLogin>): void {
  const now = Date.now();
  for (const [state, login] of pending) if (login.expiresAt <= now) pending.delete(state);
  for (const state of pending.keys()) {
    if (pending.size < MAX_PENDING) break;
    pending.delete(state);
  }
}

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=') || undefined;
  }
  return undefined;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function main(): Promise<void> {
  const tokenFile = process.env.SENDOSO_TOKEN_FILE ?? '.tmp/sendoso-token.json';
  if (process.env.SENDOSO_CLIENT_ID) {
    const client = new SendosoClient({ tokenStore: new FileTokenStore(tokenFile) });
    const secureCookie = process.env.SENDOSO_REDIRECT_URI?.startsWith('https:') ?? false;
    const app = await startCallbackServer(client, Number(process.env.PORT ?? 3000), { secureCookie });
    console.log(`Open ${app.url}/login`);
    return;
  }
  // No credentials: run against the sandbox, with the callback on a port chosen first.
  const { createSandbox } = await import('sendoso-element/testing');
  const probe = await startCallbackServer(new SendosoClient({ logLevel: 'off' }));
  const callbackUrl = probe.url;
  await probe.close();
  const sandbox = await createSandbox({ redirectUri: `${callbackUrl}/callback` });
  const client = new SendosoClient({
    ...sandbox.clientOptions(),
    tokenStore: new FileTokenStore(tokenFile),
  });
  await startCallbackServer(client, Number(new URL(callbackUrl).port));
  console.log(`Sandbox ready. Open ${callbackUrl}/login (Ctrl-C to stop); tokens go to ${tokenFile}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();

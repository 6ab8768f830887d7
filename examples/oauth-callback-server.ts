/**
 * An OAuth callback server on node:http that keeps tokens in a FileTokenStore.
 *
 *   GET /login     → redirects the user to Sendoso's consent page (with a CSRF `state`)
 *   GET /callback  → exchanges the code, stores the token in the file, redirects to /me
 *   GET /me        → the signed-in Sendoso user, through the stored (auto-refreshed) token
 *
 * Run it against the sandbox with `npx tsx examples/oauth-callback-server.ts`, or against Sendoso by
 * setting SENDOSO_CLIENT_ID, SENDOSO_CLIENT_SECRET and SENDOSO_REDIRECT_URI (…/callback).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { FileTokenStore, SendosoClient, SendosoError } from 'sendoso-element';

export type CallbackServer = { server: Server; url: string; close(): Promise<void> };

/** Starts the callback server for `client` on 127.0.0.1:`port` (0 = random). */
export async function startCallbackServer(client: SendosoClient, port = 0): Promise<CallbackServer> {
  const pendingStates = new Set<string>();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    try {
      if (url.pathname === '/login') {
        const state = randomBytes(16).toString('base64url');
        pendingStates.add(state);
        res.writeHead(302, { Location: client.auth.authorizationUrl({ state }) }).end();
      } else if (url.pathname === '/callback') {
        const state = url.searchParams.get('state') ?? '';
        if (![...pendingStates].some((s) => sameText(s, state))) {
          res.writeHead(400).end('Unknown state: start again at /login');
          return;
        }
        pendingStates.delete(state);
        await client.auth.exchangeCode(url.searchParams.get('code') ?? '');
        res.writeHead(302, { Location: '/me' }).end();
      } else if (url.pathname === '/me') {
        const me = await client.me();
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(me));
      } else {
        res.writeHead(404).end('Not found');
      }
    } catch (err) {
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
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
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
    const app = await startCallbackServer(client, Number(process.env.PORT ?? 3000));
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

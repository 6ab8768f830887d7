import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { forwardEvents } from '../examples/forward-events.js';
import { startCallbackServer } from '../examples/oauth-callback-server.js';
import { FileTokenStore, type Poller } from '../src/index.js';
import { clientFor, requestsTo, sandbox } from './helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A browser's cookie jar, enough for the callback server's login cookie. Redirects are not followed. */
class Browser {
  readonly #cookies = new Map<string, string>();

  async fetch(url: string): Promise<Response> {
    const cookie = [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (attributes.some((a) => a.trim() === 'Max-Age=0')) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    return response;
  }

  /** /login, then Sendoso's consent: the callback URL the browser is sent to. */
  async consentTo(app: string): Promise<string> {
    const login = await this.fetch(`${app}/login`);
    const consent = await this.fetch(login.headers.get('location') ?? '');
    return consent.headers.get('location') ?? '';
  }
}

describe('examples', () => {
  it('npm run demo walks the whole job and prints created, updated and deleted events', async () => {
    const started = Date.now();
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/demo.ts'], {
      cwd: root,
      timeout: 30_000,
    });
    expect(stdout).toMatch(/code exchanged/);
    expect(stdout).toMatch(/^ {2}created +touch #\d+ "Holiday Cookies"$/m);
    expect(stdout).toMatch(/^ {2}updated +touch #2 .*\[name, status/m);
    expect(stdout).toMatch(/^ {2}deleted +touch #3$/m);
    expect(stdout).toMatch(/tracking code [0-9a-f]{40}/);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 40_000);

  it('the OAuth callback server completes the flow and keeps the token in a 0600 file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sendoso-example-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const port = await freePort();
    const s = await sandbox({ redirectUri: `http://127.0.0.1:${port}/callback` });
    const tokenFile = join(dir, 'token.json');
    const client = clientFor(s, { tokenStore: new FileTokenStore(tokenFile) });
    const app = await startCallbackServer(client, port);
    cleanups.push(() => app.close());

    // The browser's part: /login → Sendoso consent → /callback → /me.
    const browser = new Browser();
    const callback = await browser.consentTo(app.url);
    expect(callback.startsWith(`${app.url}/callback?`)).toBe(true);
    const done = await browser.fetch(callback);
    expect(done.status).toBe(302);
    const me = (await (await fetch(`${app.url}/me`)).json()) as { email: string };
    expect(me.email).toContain('@');
    expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);

    // A forged state is refused.
    const forged = await browser.fetch(callback.replace(/state=[^&]+/, 'state=forged'));
    expect(forged.status).toBe(400);
    // A second process reads the same file.
    const again = clientFor(s, { tokenStore: new FileTokenStore(tokenFile) });
    expect((await again.me()).email).toBe(me.email);
  });

  it('a login state works only in the browser that started it, once, before it expires, and with PKCE', async () => {
    const port = await freePort();
    const s = await sandbox({ redirectUri: `http://127.0.0.1:${port}/callback` });
    const client = clientFor(s);
    const app = await startCallbackServer(client, port, { stateTtlMs: 2_000 });
    cleanups.push(() => app.close());

    // The attacker starts a login in their own browser and stops at the callback URL (their code).
    const attacker = new Browser();
    const planted = await attacker.consentTo(app.url);
    const login = await attacker.fetch(`${app.url}/login`);
    expect(login.headers.get('set-cookie')).toMatch(
      /^sendoso_login=[\w-]{43}; HttpOnly; SameSite=Lax; Path=\/callback; Max-Age=2$/,
    );
    const consent = new URL(login.headers.get('location') ?? '');
    expect(consent.searchParams.get('code_challenge_method')).toBe('S256');
    expect(consent.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);

    // The victim's browser is lured to it: with its own login cookie, or with none, it is refused.
    const victim = new Browser();
    await victim.fetch(`${app.url}/login`);
    expect((await victim.fetch(planted)).status).toBe(400);
    expect((await fetch(planted, { redirect: 'manual' })).status).toBe(400);
    expect(requestsTo(s, '/oauth/token')).toEqual([]);
    expect(await client.auth.getToken()).toBeUndefined();
    // The state was used up by that attempt: not even the attacker's browser can use it now.
    expect((await attacker.fetch(planted)).status).toBe(400);

    // A real login succeeds once; replaying its callback does not.
    const user = new Browser();
    const callback = await user.consentTo(app.url);
    expect((await user.fetch(callback)).status).toBe(302);
    expect((await user.fetch(callback)).status).toBe(400);
    expect(requestsTo(s, '/oauth/token')).toHaveLength(1);

    // A login left for longer than stateTtlMs has expired.
    const slow = new Browser();
    const late = await slow.consentTo(app.url);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect((await slow.fetch(late)).status).toBe(400);
    expect(requestsTo(s, '/oauth/token')).toHaveLength(1);
  });

  it('the OAuth example starts a fresh login when the stored token belongs to an earlier sandbox', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sendoso-example-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const tokenFile = join(dir, 'token.json');
    const port = await freePort();
    // First run: sign in and stop everything, leaving the token file behind.
    const first = await sandbox({ redirectUri: `http://127.0.0.1:${port}/callback` });
    const firstApp = await startCallbackServer(
      clientFor(first, { tokenStore: new FileTokenStore(tokenFile) }),
      port,
    );
    cleanups.push(() => firstApp.close());
    const browser = new Browser();
    await browser.fetch(await browser.consentTo(firstApp.url));
    expect((await fetch(`${firstApp.url}/me`)).status).toBe(200);
    await firstApp.close();
    await first.close();

    // Second run: a new sandbox that never issued that token.
    const port2 = await freePort();
    const s = await sandbox({ redirectUri: `http://127.0.0.1:${port2}/callback` });
    const app = await startCallbackServer(clientFor(s, { tokenStore: new FileTokenStore(tokenFile) }), port2);
    cleanups.push(() => app.close());
    const stale = await fetch(`${app.url}/me`, { redirect: 'manual' });
    expect(stale.status).toBe(302);
    expect(stale.headers.get('location')).toBe('/login');
    await browser.fetch(await browser.consentTo(app.url));
    const me = await fetch(`${app.url}/me`);
    expect(me.status).toBe(200);
    expect(((await me.json()) as { email: string }).email).toContain('@');
  });

  it('the forwarder POSTs each change with its id as Idempotency-Key, and redelivers after a failure', async () => {
    const received: Array<{ key: string; type: string; objectId: string }> = [];
    let failNext = true;
    const receiver: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        const event = JSON.parse(body) as { type: string; objectId: string };
        received.push({
          key: String(req.headers['idempotency-key']),
          type: event.type,
          objectId: event.objectId,
        });
        res.writeHead(failNext ? 503 : 200).end();
        failNext = false;
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => receiver.close(resolve)));
    const s = await sandbox({ seed: { touches: 3 } });
    const client = clientFor(s);
    await client.auth.exchangeCode(await s.authorize());
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const poller: Poller<unknown> = forwardEvents(client, { url, intervalMs: 60_000 });
    cleanups.push(() => poller.stop());
    await poller.pollOnce();
    const added = s.data.touches.insert({ name: 'New touch' });
    const errors: unknown[] = [];
    poller.on('error', (err) => errors.push(err));
    await poller.pollOnce(); // the receiver answers 503: the handler throws, the event stays unacknowledged
    expect(errors).toHaveLength(1);
    await poller.pollOnce();
    expect(received).toHaveLength(2);
    expect(received[0]).toEqual({ key: received[1]?.key, type: 'created', objectId: String(added.id) });
  });

  it('forward-events, run as its header says without credentials, forwards sandbox changes until stopped', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/forward-events.ts'], {
      cwd: root,
      env: withoutSendosoVariables(),
    });
    cleanups.push(() => stopped(child));
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    const deadline = Date.now() + 25_000;
    while (!/received deleted/.test(stdout) && child.exitCode === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(stdout).toMatch(/^Sandbox ready: forwarding touch changes to http:\/\/127\.0\.0\.1:\d+\/events/m);
    expect(stdout).toMatch(/^ {2}received created touch #6 \(Idempotency-Key \S+\)$/m);
    expect(stdout).toMatch(/^ {2}received updated touch #6 /m);
    expect(stdout).toMatch(/^ {2}received deleted touch #1 /m);
    child.kill('SIGINT');
    expect(await stopped(child)).toBe(0);
  }, 40_000);

  it('forward-events against Sendoso without a stored token says how to sign in, and exits', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sendoso-example-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/forward-events.ts'], {
      cwd: root,
      timeout: 20_000,
      env: {
        ...withoutSendosoVariables(),
        SENDOSO_CLIENT_ID: 'id',
        SENDOSO_CLIENT_SECRET: 'secret',
        SENDOSO_TOKEN_FILE: join(dir, 'token.json'),
        FORWARD_URL: 'http://127.0.0.1:9/hook',
      },
    });
    const failure = (await run.catch((e: unknown) => e)) as { code: number; stderr: string; killed: boolean };
    expect(failure.killed).toBe(false);
    expect(failure.code).toBe(2);
    expect(failure.stderr).toContain(`No Sendoso token in ${join(dir, 'token.json')}`);
    expect(failure.stderr).toContain('examples/oauth-callback-server.ts');
  }, 30_000);
});

/** The test process's environment without SENDOSO_* variables, as on a machine with no credentials. */
function withoutSendosoVariables(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('SENDOSO_')));
}

/** Resolves with the child's exit code once it has exited (killing it if it is still running). */
function stopped(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    if (child.killed === false && child.exitCode === null) child.kill('SIGINT');
  });
}

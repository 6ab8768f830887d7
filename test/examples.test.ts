import { execFile } from 'node:child_process';
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
import { clientFor, sandbox } from './helpers.js';

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
    const login = await fetch(`${app.url}/login`, { redirect: 'manual' });
    const consent = await fetch(login.headers.get('location') ?? '', { redirect: 'manual' });
    const callback = consent.headers.get('location') ?? '';
    expect(callback.startsWith(`${app.url}/callback?`)).toBe(true);
    const done = await fetch(callback, { redirect: 'manual' });
    expect(done.status).toBe(302);
    const me = (await (await fetch(`${app.url}/me`)).json()) as { email: string };
    expect(me.email).toContain('@');
    expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);

    // A forged state is refused.
    const forged = await fetch(callback.replace(/state=[^&]+/, 'state=forged'), { redirect: 'manual' });
    expect(forged.status).toBe(400);
    // A second process reads the same file.
    const again = clientFor(s, { tokenStore: new FileTokenStore(tokenFile) });
    expect((await again.me()).email).toBe(me.email);
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
    await expect(poller.pollOnce()).rejects.toThrow();
    await poller.pollOnce();
    expect(received).toHaveLength(2);
    expect(received[0]).toEqual({ key: received[1]?.key, type: 'created', objectId: String(added.id) });
  });
});

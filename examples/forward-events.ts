/**
 * A poller that forwards every change event to a URL (a webhook receiver, a queue's HTTP ingress).
 * The POST happens inside the handler, so a failed delivery throws, the pass is not acknowledged,
 * and the same event (same `id`, usable as an idempotency key) is delivered again next pass.
 *
 * Without credentials it runs on the sandbox: it signs in, forwards touch changes to FORWARD_URL or,
 * when that is not set, to a local receiver that prints them, and changes a sandbox touch every
 * second or two so there is something to forward (Ctrl-C stops):
 *
 *   npx tsx examples/forward-events.ts
 *
 * Against Sendoso, sign in once with examples/oauth-callback-server.ts (it stores the token in
 * SENDOSO_TOKEN_FILE, default .tmp/sendoso-token.json), then, with the same SENDOSO_CLIENT_ID and
 * SENDOSO_CLIENT_SECRET set:
 *
 *   FORWARD_URL=https://example.com/hooks npx tsx examples/forward-events.ts
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { FileStateStore, FileTokenStore, type Poller, SendosoClient } from 'sendoso-element';

export type ForwardOptions = {
  url: string;
  resource?: 'touches' | 'groups' | 'returnAddresses';
  intervalMs?: number;
  stateDir?: string;
};

/** Starts a poller on `client` that POSTs each event as JSON to `url`. */
export function forwardEvents(client: SendosoClient, options: ForwardOptions): Poller<unknown> {
  const poller = client.poll(options.resource ?? 'touches', {
    intervalMs: options.intervalMs ?? 60_000,
    ...(options.stateDir ? { store: new FileStateStore(options.stateDir) } : {}),
  }) as Poller<unknown>;
  poller.on('change', async (event) => {
    const response = await fetch(options.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': event.id },
      body: JSON.stringify(event),
    });
    if (!response.ok) throw new Error(`forwarding ${event.id} failed: HTTP ${response.status}`);
  });
  poller.on('error', (err) => console.error(`[forward-events] ${String(err)}`));
  return poller;
}

/** Against Sendoso: needs a token from the OAuth example, and says so instead of failing every pass. */
async function forwardFromSendoso(url: string | undefined): Promise<void> {
  if (!url) throw new Error('Set FORWARD_URL to the URL that receives the events');
  const tokenFile = process.env.SENDOSO_TOKEN_FILE ?? '.tmp/sendoso-token.json';
  const client = new SendosoClient({ tokenStore: new FileTokenStore(tokenFile) });
  if (!(await client.auth.getToken())) {
    console.error(
      `No Sendoso token in ${tokenFile}: sign in first with \`npx tsx examples/oauth-callback-server.ts\` (same SENDOSO_* variables)`,
    );
    process.exitCode = 2;
    return;
  }
  const poller = forwardEvents(client, { url, stateDir: '.tmp/poll-state' });
  stopOn(['SIGINT', 'SIGTERM'], () => poller.stop());
  console.log(`Forwarding touch changes to ${url}`);
}

/** On the sandbox: a receiver that prints what arrives, and a few touch changes to forward. */
async function forwardFromSandbox(url: string | undefined): Promise<void> {
  const { createSandbox } = await import('sendoso-element/testing');
  const sandbox = await createSandbox({ seed: { touches: 5 } });
  const client = new SendosoClient({ ...sandbox.clientOptions(), logLevel: 'warn' });
  await client.auth.exchangeCode(await sandbox.authorize());

  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const event = JSON.parse(body) as { type: string; objectId: string };
      console.log(
        `  received ${event.type} touch #${event.objectId} (Idempotency-Key ${req.headers['idempotency-key']})`,
      );
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const target = url ?? `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/events`;
  const poller = forwardEvents(client, { url: target, intervalMs: 1_000 });

  const touches = sandbox.data.touches;
  const idOf = (touch: { id?: unknown } | undefined) => Number(touch?.id);
  const changes = [
    () => touches.insert({ name: 'Holiday Cookies', status: 'Active' }),
    () => touches.update(idOf(touches.all().at(-1)), { name: 'Spring Flowers' }),
    () => touches.remove(idOf(touches.all()[0])),
  ];
  let step = 0;
  const changing = setInterval(() => changes[step++ % changes.length]?.(), 1_500);
  stopOn(['SIGINT', 'SIGTERM'], async () => {
    clearInterval(changing);
    await poller.stop();
    receiver.close();
    await sandbox.close();
  });
  console.log(`Sandbox ready: forwarding touch changes to ${target} (Ctrl-C stops)`);
}

function stopOn(signals: NodeJS.Signals[], stop: () => Promise<void> | void): void {
  for (const signal of signals) {
    process.once(signal, () => {
      void Promise.resolve(stop()).finally(() => process.exit(0));
    });
  }
}

async function main(): Promise<void> {
  const url = process.env.FORWARD_URL;
  if (process.env.SENDOSO_CLIENT_ID) await forwardFromSendoso(url);
  else await forwardFromSandbox(url);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();

/**
 * A poller that forwards every change event to a URL (a webhook receiver, a queue's HTTP ingress).
 * The POST happens inside the handler, so a failed delivery throws, the pass is not acknowledged,
 * and the same event (same `id`, usable as an idempotency key) is delivered again next pass.
 *
 *   FORWARD_URL=https://example.com/hooks npx tsx examples/forward-events.ts
 */
import { pathToFileURL } from 'node:url';
import { FileStateStore, type Poller, type SendosoClient } from 'sendoso-element';

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

async function main(): Promise<void> {
  const url = process.env.FORWARD_URL;
  if (!url) throw new Error('Set FORWARD_URL to the URL that receives the events');
  const { SendosoClient: Client, FileTokenStore } = await import('sendoso-element');
  const client = new Client({
    tokenStore: new FileTokenStore(process.env.SENDOSO_TOKEN_FILE ?? '.tmp/sendoso-token.json'),
  });
  forwardEvents(client, { url, stateDir: '.tmp/poll-state' });
  console.log(`Forwarding touch changes to ${url}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();

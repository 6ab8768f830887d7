import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SendosoClient, verifyWebhook, type WebhookEvent, WebhookVerificationError } from 'sendoso-element';
import { createSandbox, type Sandbox } from 'sendoso-element/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchSendStatuses } from './drive-poll.js';
import { type ExpressLike, fetchRoute, mountOnExpress, webhookServer } from './receive.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function started(options: Parameters<typeof createSandbox>[0] = {}): Promise<Sandbox> {
  const sandbox = await createSandbox({ seed: { gifts: 5 }, ...options });
  cleanups.push(() => sandbox.close());
  return sandbox;
}

async function serve(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/sendoso`;
}

const firstSend = (sandbox: Sandbox) => sandbox.data.gifts.all()[0] ?? {};

describe('webhook examples', () => {
  it('node:http: the sandbox delivers a signed status change and onEvent gets it', async () => {
    const sandbox = await started();
    const events: WebhookEvent[] = [];
    const url = await serve(webhookServer(SECRET, async (event) => void events.push(event)));
    sandbox.webhooks.add({ url, secret: SECRET });
    const send = firstSend(sandbox);
    sandbox.data.gifts.update(send.id as number, { status: 'Refunded' });
    await vi.waitFor(() => expect(events.map((e) => e.sendGid)).toEqual([send.send_gid]));
    await vi.waitFor(() => expect(sandbox.webhooks.deliveries[0]?.status).toBe(204));
  });

  it("Express: the handler behind express.raw() (a stand-in for express, which this package doesn't install)", async () => {
    const sandbox = await started();
    const routes = new Map<
      string,
      Array<(req: IncomingMessage, res: ServerResponse, next: () => void) => unknown>
    >();
    const fake = {
      app: { post: (path: string, ...handlers: never[]) => routes.set(path, handlers) },
      // What express.raw() does: the body's bytes on req.body, then the next handler.
      express: {
        raw:
          () => async (req: IncomingMessage & { body?: Buffer }, _res: ServerResponse, next: () => void) => {
            const chunks: Buffer[] = [];
            for await (const chunk of req) chunks.push(chunk as Buffer);
            req.body = Buffer.concat(chunks);
            next();
          },
      },
    } as unknown as ExpressLike;
    const events: WebhookEvent[] = [];
    mountOnExpress(fake, SECRET, async (event) => void events.push(event));
    const url = await serve(
      createServer((req, res) => {
        const chain = routes.get(new URL(req.url ?? '/', 'http://x').pathname) ?? [];
        const run = (i: number): unknown => chain[i]?.(req, res, () => run(i + 1));
        run(0);
      }),
    );
    sandbox.webhooks.add({ url, secret: SECRET });
    sandbox.data.gifts.update(firstSend(sandbox).id as number, { status: 'Refunded' });
    await vi.waitFor(() => expect(events).toHaveLength(1));
  });

  it('fetch-style route and verifyWebhook: a delivery the sandbox recorded verifies', async () => {
    const sandbox = await started();
    const url = await serve(webhookServer(SECRET, async () => {}));
    sandbox.webhooks.add({ url, secret: SECRET });
    sandbox.data.gifts.update(firstSend(sandbox).id as number, { status: 'Refunded' });
    await vi.waitFor(() => expect(sandbox.webhooks.deliveries).toHaveLength(1));
    const delivery = sandbox.webhooks.deliveries[0];
    if (!delivery) throw new Error('no delivery');

    const POST = fetchRoute(SECRET, async () => {});
    const request = () =>
      new Request(url, { method: 'POST', body: delivery.body, headers: delivery.headers });
    expect((await POST(request())).status).toBe(204);
    const forged = new Request(url, { method: 'POST', body: `${delivery.body} `, headers: delivery.headers });
    const refused = await POST(forged);
    expect([refused.status, await refused.json()]).toEqual([400, { error: 'invalid_signature' }]);

    const rawBody = delivery.body;
    const headers = delivery.headers;
    const secret = SECRET;
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    // #region readme webhooks-verify
    try {
      const event = verifyWebhook(rawBody, headers, { secret }); // rawBody: the bytes as received
      console.log(event.id, event.sendGid, event.statusChangedAt);
    } catch (err) {
      if (!(err instanceof WebhookVerificationError)) throw err;
      console.warn(`refused webhook: ${err.reason}`); // e.g. 'invalid_signature', 'timestamp_too_old'
    }
    // #endregion
    expect(log).toHaveBeenCalledWith(delivery.messageId, firstSend(sandbox).send_gid, expect.any(String));
    log.mockRestore();
  });

  it('webhooks drive the poller: the status change arrives as `updated` at once', async () => {
    const sandbox = await started();
    const client = new SendosoClient({
      ...sandbox.clientOptions(),
      logLevel: 'off',
    });
    await client.auth.exchangeCode(await sandbox.authorize());
    const notified: Array<[string, unknown]> = [];
    const { poller, server } = watchSendStatuses(client, SECRET, async (id, status) => {
      notified.push([id, status]);
    });
    cleanups.push(() => poller.stop());
    await vi.waitFor(() => expect(poller.status.passes).toBe(1));
    const url = await serve(server);
    sandbox.webhooks.add({ url, secret: SECRET });
    const send = firstSend(sandbox);
    sandbox.data.gifts.update(send.id as number, { status: 'Refunded' });
    await vi.waitFor(() => expect(notified).toEqual([[String(send.id), 'Refunded']]), { timeout: 2_000 });
  });

  it('the sandbox: endpoints, status changes, sends that advance, the delivery log', async () => {
    const events: WebhookEvent[] = [];
    const secret = SECRET;
    const receiverUrl = await serve(webhookServer(secret, async (event) => void events.push(event)));
    // #region readme webhooks-sandbox
    const sandbox = await createSandbox({ webhookRetryDelaysMs: [0, 100, 100] }); // 3 tries, 100 ms apart
    sandbox.webhooks.add({ url: receiverUrl, secret }); // loopback URLs; a whsec_ secret is made if omitted
    const [first, second] = sandbox.data.gifts.all();
    sandbox.data.gifts.update(first?.id as number, { status: 'Refunded' }); // signed, to every endpoint
    await sandbox.webhooks.advance(second?.id as number, { everyMs: 50 }); // Sent, then Delivered
    const attempts = sandbox.webhooks.deliveries; // { endpointId, messageId, attempt, status, sentAt, ... }
    // #endregion
    cleanups.push(() => sandbox.close());
    await vi.waitFor(() => expect(events).toHaveLength(3));
    await vi.waitFor(() => expect(sandbox.webhooks.deliveries).toHaveLength(3));
    expect(attempts.length).toBeLessThanOrEqual(3);
    expect(sandbox.webhooks.deliveries.every((d) => d.status === 204 && d.attempt === 1)).toBe(true);
  });
});

/**
 * Receiving Sendoso's send-status webhooks (delivered by Svix): node:http, Express, and fetch-style
 * routes. Each request is verified (signature, timestamp), redeliveries of an acknowledged id are
 * skipped, and the answer waits for your handler, so a failure makes Sendoso deliver it again.
 *
 *   SENDOSO_WEBHOOK_SECRET=whsec_... npx tsx examples/webhooks/receive.ts
 */
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { createWebhookHandler, type WebhookEvent, type WebhookHandler } from 'sendoso-element';

type OnEvent = (event: WebhookEvent) => Promise<void>;

/** A node:http server that hands each new send-status event to `recordStatusChange`. */
export function webhookServer(secret: string, recordStatusChange: OnEvent): http.Server {
  // #region readme webhooks-node
  const handler = createWebhookHandler({
    secret, // whsec_… from Sendoso's webhooks portal; [old, new] while you rotate it
    onEvent: async (event) => {
      // event.id is the same on every retry; event.sendGid names the send, event.statusChangedAt when.
      await recordStatusChange(event); // answered 204 once this resolves; a throw answers 500
    },
  });
  const server = http.createServer(handler); // then server.listen(3000)
  // #endregion
  return server;
}

/** The part of Express this example touches (your app has express itself). */
export type ExpressLike = {
  app: {
    post(path: string, ...handlers: Array<(req: never, res: never, next: () => void) => unknown>): unknown;
  };
  express: { raw(options: { type: string }): (req: never, res: never, next: () => void) => unknown };
};

/** Mounts the handler on an Express app, keeping this route's body raw. */
export function mountOnExpress({ app, express }: ExpressLike, secret: string, onEvent: OnEvent): void {
  // #region readme webhooks-express
  // Register it before any app-wide express.json(): the signature covers the raw bytes.
  app.post('/webhooks/sendoso', express.raw({ type: '*/*' }), createWebhookHandler({ secret, onEvent }));
  // #endregion
}

/** A fetch-style route handler (Next.js route handlers, Hono, Bun, Deno). */
export function fetchRoute(secret: string, onEvent: OnEvent): (request: Request) => Promise<Response> {
  // #region readme webhooks-fetch
  const handler: WebhookHandler = createWebhookHandler({ secret, onEvent });
  async function POST(request: Request): Promise<Response> {
    const raw = new Uint8Array(await request.arrayBuffer()); // the bytes as received, not request.json()
    const { status, body } = await handler.process(raw, request.headers);
    return new Response(body ? JSON.stringify(body) : null, { status });
  }
  // #endregion
  return POST;
}

async function main(): Promise<void> {
  const secret = process.env.SENDOSO_WEBHOOK_SECRET;
  if (!secret) throw new Error('Set SENDOSO_WEBHOOK_SECRET to the endpoint secret from Sendoso (whsec_...)');
  const server = webhookServer(secret, async (event) => {
    console.log(`send ${event.sendGid} changed status at ${event.statusChangedAt} (${event.id})`);
  });
  server.listen(Number(process.env.PORT ?? 3000), () => console.log('Receiving Sendoso webhooks'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'svix';
import { afterEach } from 'vitest';

/** A fresh endpoint secret, as Sendoso's portal (Svix) shows them. */
export const newSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

export const sendBody = (sendGid = 'Z2lkOi8vc2VuZG9zby9TZW5kLzQy') =>
  JSON.stringify({ send_gid: sendGid, status_changed_at: '2024-05-01T10:00:00-07:00' });

/** Headers signed by the `svix` package itself, an implementation independent of ours. */
export function svixHeaders(
  body: string,
  {
    secret,
    id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
    at = new Date(),
  }: { secret: string; id?: string; at?: Date },
): Record<string, string> {
  return {
    'svix-id': id,
    'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
    'svix-signature': new Webhook(secret).sign(id, at, body),
  };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    ),
  );
});

/** An HTTP server on loopback, closed after the current test. */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => unknown,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/sendoso`, server };
}

/** A promise with its resolve function, to hold a handler until the test lets it go. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

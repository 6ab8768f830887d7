/**
 * A local HTTP server that answers the way a broken proxy or a hostile host would, for tests the
 * sandbox cannot stage (bodies of unbounded or huge size). Writes honour back-pressure, so the
 * server itself never buffers more than a socket's worth, and stop when the client goes away.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export type Hostile = {
  /** `http://127.0.0.1:port` (or `http://localhost:port` with `host: 'localhost'`). */
  origin: string;
  port: number;
  /** Body bytes the server managed to write so far (what the client let through). */
  readonly bytesWritten: number;
  readonly requests: number;
};

const open: Server[] = [];

afterEach(async () => {
  await Promise.all(
    open.splice(0).map(async (server) => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    }),
  );
});

type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  write: (chunk: Buffer) => Promise<boolean>,
) => Promise<void>;

/** Starts a server on 127.0.0.1 running `handler` per request; closed after the current test. */
export async function hostileServer(handler: Handler): Promise<Hostile> {
  let bytesWritten = 0;
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    // Resolves false once the client has gone, so a handler's loop ends.
    const write = async (chunk: Buffer): Promise<boolean> => {
      if (res.destroyed) return false;
      bytesWritten += chunk.length;
      if (!res.write(chunk)) {
        // Both waits end together, so no listener is left behind per chunk.
        const done = new AbortController();
        await Promise.race([
          once(res, 'drain', { signal: done.signal }),
          once(res, 'close', { signal: done.signal }),
        ]).finally(() => done.abort());
      }
      return !res.destroyed;
    };
    handler(req, res, write).catch(() => res.destroy());
  });
  open.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    get bytesWritten() {
      return bytesWritten;
    },
    get requests() {
      return requests;
    },
  };
}

/** A token that is valid for an hour, so a client needs no OAuth round trip. */
export const longLivedToken = {
  accessToken: 'test-access-token',
  expiresAt: Date.now() + 3_600_000,
  tokenType: 'bearer' as const,
};

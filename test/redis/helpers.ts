import { afterEach, inject } from 'vitest';
import { RedisServer } from './redis-server.js';

type Closable = { close(): Promise<unknown> };
const servers: RedisServer[] = [];
const clients: Array<{ close(): Promise<unknown>; isOpen: boolean }> = [];

// Every Redis a test starts, and every connection it opens, is closed after it, even when it fails.
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => (c.isOpen ? c.close().catch(() => {}) : undefined)));
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

/** A fresh `redis-server` (loopback, free port, no persistence), stopped after the current test. */
export async function redisServer(): Promise<RedisServer> {
  const server = new RedisServer(inject('redisServer'));
  servers.push(server);
  return server.start();
}

/** A connected node-redis client of `server`, closed after the current test. */
export async function redisClient(server: RedisServer) {
  const client = await server.client();
  clients.push(client as unknown as Closable & { isOpen: boolean });
  return client;
}

/**
 * Loopback servers the client-option tests put between the SDK and the sandbox: a recorder that
 * shows the headers each request arrived with (the sandbox never logs headers, they carry tokens),
 * and a forward proxy that tunnels CONNECT requests and shows what it carried.
 */
import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { afterEach } from 'vitest';
import type { Sandbox } from '../../src/testing/index.js';

const servers: Server[] = [];
const sockets = new Set<net.Socket>();

afterEach(async () => {
  const closing = servers
    .splice(0)
    .map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
  // Tunnels leave the HTTP server's bookkeeping once CONNECT succeeds: end every socket by hand.
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await Promise.all(closing);
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

export type Seen = { method: string; url: string; headers: IncomingHttpHeaders };

/** A reverse proxy in front of `s` that records every request's method, URL and headers. */
export async function recorderFor(
  s: Sandbox,
): Promise<{ urls: { baseUrl: string; authBaseUrl: string }; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const upstream = request(
      { host: '127.0.0.1', port: s.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  const port = await listen(server);
  const urls = { baseUrl: `http://127.0.0.1:${port}/api/v3`, authBaseUrl: `http://127.0.0.1:${port}` };
  return { urls, seen };
}

export type ForwardProxy = {
  url: string;
  /** `host:port` of every tunnel asked for, accepted or not. */
  tunnels: string[];
  /** `METHOD /path` of every plain-http request that went through a tunnel. */
  carried: string[];
};

/**
 * A forward proxy as corporate networks run them: CONNECT opens a tunnel to the asked host. With
 * `credentials`, a tunnel needs `Proxy-Authorization: Basic` with them (407 otherwise). Plain http
 * through a tunnel is readable, so the proxy notes each request line it carries.
 */
export async function forwardProxy(credentials?: { user: string; password: string }): Promise<ForwardProxy> {
  const tunnels: string[] = [];
  const carried: string[] = [];
  const expected =
    credentials && `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
  const server = createServer((_req, res) => {
    res.writeHead(405).end();
  });
  server.on('connect', (req, client: net.Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    if (expected && req.headers['proxy-authorization'] !== expected) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n');
      return;
    }
    const [host = '', port = ''] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      sockets.add(upstream);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    client.on('data', (chunk: Buffer) => {
      for (const match of chunk
        .toString('latin1')
        .matchAll(/^(GET|POST|PUT|PATCH|DELETE) (\S+) HTTP\/1\.1\r$/gm))
        carried.push(`${match[1]} ${match[2]?.split('?')[0]}`);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, tunnels, carried };
}

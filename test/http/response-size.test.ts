import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InternalServerError, ResponseTooLargeError, SendosoClient } from '../../src/index.js';
import { authorizedClient, sandbox } from '../helpers.js';
import { hostileServer, longLivedToken } from './hostile-server.js';

const MiB = 1024 * 1024;

function clientOf(origin: string, options: { maxResponseBytes?: number } = {}) {
  return new SendosoClient({
    baseUrl: `${origin}/api/v3`,
    token: longLivedToken,
    logLevel: 'off',
    rateLimit: false,
    maxRetries: 0,
    // Generous, so a client that keeps reading fails this test on memory, not on time.
    timeoutMs: 5_000,
    ...options,
  });
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

function rss(): number {
  globalThis.gc?.();
  return process.memoryUsage().rss;
}

describe('response size', () => {
  it('an endless body stops at maxResponseBytes (1 MiB by default) with ResponseTooLargeError', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const server = await hostileServer(async (_req, res, write) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      await write(Buffer.from('{"touches":["'));
      while (await write(chunk)) {}
    });
    const client = clientOf(server.origin);
    const before = rss();
    const error = await failure(() => client.touches.list());
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ maxResponseBytes: MiB });
    // The client hung up: the server could not push much more than the limit and a socket's buffers.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const written = server.bytesWritten;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.bytesWritten).toBe(written);
    expect(written).toBeLessThan(16 * MiB);
    expect(rss() - before).toBeLessThan(64 * MiB);
  });

  it('a 100 MiB error body is not read: ResponseTooLargeError, and memory stays flat', async () => {
    const chunk = Buffer.alloc(MiB, 'x');
    const server = await hostileServer(async (_req, res, write) => {
      res.writeHead(500, { 'content-type': 'text/plain', 'content-length': String(100 * MiB) });
      for (let i = 0; i < 100 && (await write(chunk)); i++) {}
      res.end();
    });
    const client = clientOf(server.origin);
    const before = rss();
    const error = await failure(() => client.me());
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(JSON.stringify(error).length).toBeLessThan(1000);
    expect(server.bytesWritten).toBeLessThan(32 * MiB);
    expect(rss() - before).toBeLessThan(64 * MiB);
  });

  it('a large error body under the limit is kept cut to a few KB on the error, with a marker', async () => {
    const body = { message: `Upstream failed: ${'m'.repeat(300_000)}`, detail: 'd'.repeat(300_000) };
    const server = await hostileServer(async (_req, res) => {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    const error = (await failure(() => clientOf(server.origin).me())) as InternalServerError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/^Upstream failed: m+… \[\d+ more characters\]$/);
    expect(error.message.length).toBeLessThan(600);
    expect(typeof error.body).toBe('string');
    expect(error.body).toMatch(/^\{"message":"Upstream failed: m+…\[truncated: \d+ more characters\]$/);
    expect(JSON.stringify(error).length).toBeLessThan(6_000);
  });

  it('small error bodies stay whole, as parsed JSON', async () => {
    const server = await hostileServer(async (_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Down for maintenance', retry: true }));
    });
    const error = (await failure(() => clientOf(server.origin).me())) as InternalServerError;
    expect(error.body).toEqual({ message: 'Down for maintenance', retry: true });
  });

  it('counts bytes after decompression, so a small gzip bomb is stopped too', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * MiB, ' '));
    expect(bomb.length).toBeLessThan(MiB);
    const server = await hostileServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    expect(await failure(() => clientOf(server.origin).me())).toBeInstanceOf(ResponseTooLargeError);
  });

  it('maxResponseBytes can be lowered (or raised) per client; a page of 100 records fits the default', async () => {
    const s = await sandbox({ rateLimit: false });
    const roomy = await authorizedClient(s);
    expect((await roomy.touches.list({ pageSize: 100 })).items).toHaveLength(100);
    const tight = await authorizedClient(s, { maxResponseBytes: 2_000, maxRetries: 2 });
    const before = s.requests.length;
    expect(await failure(() => tight.touches.list({ pageSize: 100 }))).toBeInstanceOf(ResponseTooLargeError);
    // Not retried: the same request would bring the same body.
    expect(s.requests.length - before).toBe(1);
  });
});

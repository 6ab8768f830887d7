import { type AddressInfo, connect, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { AbortError, RateLimitError, type RequestEvent, type ResponseEvent } from '../../src/index.js';
import { authorizedClient, sandbox } from '../helpers.js';

describe('rate limiting', () => {
  it('sends 50 concurrent GETs under the sandbox 10 req/s limit with zero 429 responses', async () => {
    const s = await sandbox({ rateLimit: 10 });
    const client = await authorizedClient(s);
    const pages = await Promise.all(Array.from({ length: 50 }, (_, i) => client.touches.get(i + 1)));
    expect(pages).toHaveLength(50);
    const api = s.requests.filter((r) => r.path.startsWith('/api/v3/'));
    expect(api).toHaveLength(50);
    expect(api.filter((r) => r.status === 429)).toEqual([]);
  }, 15_000);

  it('stays under the limit when the network delivers a burst late (windows start at the answer)', async () => {
    const s = await sandbox({ rateLimit: 10 });
    // A proxy that holds the first 10 requests for 150 ms, as a congested network would.
    let held = 0;
    const proxy = createServer((inbound) => {
      const outbound = connect(s.port, '127.0.0.1');
      inbound.on('data', (chunk) => {
        const delay = held++ < 10 ? 150 : 0;
        setTimeout(() => outbound.write(chunk), delay);
      });
      outbound.pipe(inbound);
      inbound.on('close', () => outbound.destroy());
      outbound.on('error', () => inbound.destroy());
      inbound.on('error', () => outbound.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = proxy.address() as AddressInfo;
      const client = await authorizedClient(s, { baseUrl: `http://127.0.0.1:${port}/api/v3` });
      await Promise.all(Array.from({ length: 12 }, (_, i) => client.touches.get(i + 1)));
      expect(s.requests.filter((r) => r.status === 429)).toEqual([]);
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  }, 15_000);

  it('an aborted call leaves the limiter queue at once, not when its turn comes', async () => {
    const s = await sandbox({ rateLimit: 10 });
    const client = await authorizedClient(s);
    const queued = Array.from({ length: 30 }, (_, i) => client.touches.get(i + 1));
    const controller = new AbortController();
    const started = performance.now();
    const aborted = client.touches.get(31, { signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 10);
    expect(await aborted).toBeInstanceOf(AbortError);
    expect(performance.now() - started).toBeLessThan(500);
    await Promise.all(queued);
    expect(s.requests.filter((r) => r.path === '/api/v3/touches/31')).toEqual([]);
  }, 15_000);

  it('one signal shared by many concurrent calls adds one listener, not one per call', async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const { signal } = new AbortController();
      await Promise.all(Array.from({ length: 40 }, (_, i) => client.touches.get(i + 1, { signal })));
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('without the client limiter, the same burst is answered 429 (so the limit tests above can fail)', async () => {
    const s = await sandbox({ rateLimit: 10 });
    const client = await authorizedClient(s, { rateLimit: false, maxRetries: 0 });
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => client.touches.get(i + 1)));
    const rejected = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(rejected.length).toBeGreaterThanOrEqual(20);
    for (const reason of rejected) expect(reason).toBeInstanceOf(RateLimitError);
    expect(s.requests.filter((r) => r.status === 429)).toHaveLength(rejected.length);
  });
});

describe('events', () => {
  it('emits request and response events with method, path, status, attempt, timing and request id', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const requests: RequestEvent[] = [];
    const responses: ResponseEvent[] = [];
    client.on('request', (e) => requests.push(e));
    client.on('response', (e) => responses.push(e));
    await client.touches.get(3);
    expect(requests).toEqual([{ method: 'GET', path: '/touches/3', attempt: 1 }]);
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ method: 'GET', path: '/touches/3', attempt: 1, status: 200 });
    expect(responses[0]?.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(responses[0]?.requestId).toMatch(/\S+/);
  });

  it('a throwing listener does not break the call', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    client.on('response', () => {
      throw new Error('listener bug');
    });
    expect((await client.me()).id).toBeDefined();
  });
});

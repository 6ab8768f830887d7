/**
 * README blocks about throughput (pages in flight, the sandbox's latency), run against the sandbox.
 * test/readme.test.ts checks that the README's blocks are these regions.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SendosoClient } from '../src/index.js';
import { createSandbox, type Sandbox } from '../src/testing/index.js';
import { busiestSecond } from './arrivals.js';

const sandboxes: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

describe('README snippets: throughput', () => {
  it('pages in flight, and a break that cancels them', async () => {
    const sandbox = await createSandbox({ seed: { touches: 1_000 }, latencyMs: 20 });
    sandboxes.push(sandbox);
    const client = new SendosoClient({ ...sandbox.clientOptions(), logLevel: 'off' });
    await client.auth.exchangeCode(await sandbox.authorize());
    const wanted = 400;
    let found: unknown;
    // #region readme prefetch
    // Up to 3 Sendoso pages in flight ahead of the one being read (the default), once the first
    // page has told the total: what lets a walk reach Sendoso's 10 requests a second.
    for await (const touch of client.touches.list({ where: "currency = 'EUR'", prefetch: 3 })) {
      if (touch.id === wanted) {
        found = touch;
        break; // aborts the pages in flight; nothing more is requested
      }
    }
    // prefetch: 0 requests each page only when the walk reaches it.
    const page = await client.touches.list({ pageSize: 10, prefetch: 0 });
    const poller = client.poll('touches', { autoStart: false, prefetch: 5 });
    // #endregion
    await poller.stop();
    expect(found).toMatchObject({ id: 400, currency: 'EUR' });
    expect(page.items).toHaveLength(10);
    const pages = sandbox.requests.filter((r) => r.path === '/api/v3/touches').map((r) => r.query.page);
    expect(pages.length).toBeLessThan(10);
  });

  it('the sandbox with latency', async () => {
    // #region readme sandbox-latency
    // Each request draws a round trip of 200 ± 50 ms: half of it before it arrives (and counts
    // towards the 10 requests/second limit), half before its answer.
    const sandbox = await createSandbox({ seed: { touches: 2_000 }, latencyMs: 200, latencyJitterMs: 50 });
    const client = new SendosoClient(sandbox.clientOptions());
    await client.auth.exchangeCode(await sandbox.authorize());
    let count = 0;
    for await (const _ of client.touches.list()) count++;
    // When each request arrived, on the sandbox's clock (the one its rate limit counts with).
    const arrivals = sandbox.requests.map((r) => r.arrivedAt);
    await sandbox.close();
    // #endregion
    sandboxes.push(sandbox);
    expect(count).toBe(2_000);
    expect(arrivals.length).toBeGreaterThanOrEqual(21);
    expect(sandbox.requests.filter((r) => r.status === 429)).toEqual([]);
    // On that clock, no second held more than the limit's 10 API requests.
    expect(busiestSecond(sandbox.requests.filter((r) => r.path.startsWith('/api/v3/')))).toBeLessThanOrEqual(
      10,
    );
  });
});

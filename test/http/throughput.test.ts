/**
 * Reaching Sendoso's limit without crossing it: with real latency (the sandbox's 200 ± 50 ms) and its
 * strict window (never more than 10 arrivals in any sliding second), walks keep pages in flight and
 * the client's limiter counts each request where Sendoso does: on arrival.
 */
import { describe, expect, it } from 'vitest';
import type { LoggedRequest } from '../../src/testing/index.js';
import { authorizedClient, requestsTo, sandbox } from '../helpers.js';

/** The most arrivals any sliding second [t - 1000 ms, t) held, from the sandbox's own clock. */
function busiestSecond(log: readonly LoggedRequest[]): number {
  const arrivals = log.map((r) => r.arrivedAt).sort((a, b) => a - b);
  let most = 0;
  for (let last = 0, first = 0; last < arrivals.length; last++) {
    while ((arrivals[last] ?? 0) - (arrivals[first] ?? 0) >= 1000) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

const api = (log: readonly LoggedRequest[]) => log.filter((r) => r.path.startsWith('/api/v3/'));

describe('throughput at the rate limit, with latency', () => {
  it('walks 5,000 records (50 pages) at 200 ± 50 ms with zero 429 and never 11 arrivals in a second', async () => {
    const s = await sandbox({ seed: { touches: 5_000 }, rateLimit: 10, latencyMs: 200, latencyJitterMs: 50 });
    const client = await authorizedClient(s);
    s.clearRequests();
    let count = 0;
    for await (const touch of client.touches.list()) if (touch.id !== undefined) count++;
    expect(count).toBe(5_000);
    const log = api(s.requests);
    expect(log).toHaveLength(50);
    expect(log.filter((r) => r.status === 429 || r.rateLimited)).toEqual([]);
    expect(busiestSecond(log)).toBeLessThanOrEqual(10);
    // Each page once (sent in order; the jitter may reorder arrivals).
    expect(
      requestsTo(s, '/api/v3/touches')
        .map((r) => Number(r.query.page))
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  }, 60_000);

  it('a poller pass over the same listing stays under the limit too', async () => {
    const s = await sandbox({ seed: { touches: 3_000 }, rateLimit: 10, latencyMs: 200, latencyJitterMs: 50 });
    const client = await authorizedClient(s);
    const poller = client.poll('touches', { autoStart: false, initial: 'emit' });
    let created = 0;
    poller.on('created', () => {
      created++;
    });
    s.clearRequests();
    await poller.pollOnce();
    await poller.stop();
    expect(created).toBe(3_000);
    const log = api(s.requests);
    expect(log.filter((r) => r.status === 429)).toEqual([]);
    expect(busiestSecond(log)).toBeLessThanOrEqual(10);
  }, 60_000);

  it('60 concurrent GETs at 200 ± 50 ms: zero 429 and never 11 arrivals in a second', async () => {
    const s = await sandbox({ rateLimit: 10, latencyMs: 200, latencyJitterMs: 50 });
    const client = await authorizedClient(s);
    s.clearRequests();
    await Promise.all(Array.from({ length: 60 }, (_, i) => client.touches.get(i + 1)));
    const log = api(s.requests);
    expect(log).toHaveLength(60);
    expect(log.filter((r) => r.status === 429)).toEqual([]);
    expect(busiestSecond(log)).toBeLessThanOrEqual(10);
  }, 60_000);

  it('a 429 still holds every request of the client back for a second, with pages in flight', async () => {
    const s = await sandbox({ seed: { touches: 1_000 }, rateLimit: 10, latencyMs: 100, latencyJitterMs: 20 });
    const client = await authorizedClient(s);
    const sent: number[] = [];
    let limitedAt: number | undefined;
    client.on('request', () => sent.push(performance.now()));
    client.on('response', (e) => {
      if (e.status === 429) limitedAt ??= performance.now();
    });
    s.faults.next(1, { status: 429, after: 2, match: { path: '/api/v3/touches' } });
    let count = 0;
    for await (const _ of client.touches.list()) count++;
    expect(count).toBe(1_000);
    expect(limitedAt).toBeDefined();
    const after = sent.filter((t) => t > (limitedAt ?? 0));
    expect(after.length).toBeGreaterThan(0);
    // Sendoso sent no Retry-After: nothing is sent until a second after the 429 came back.
    for (const t of after) expect(t - (limitedAt ?? 0)).toBeGreaterThanOrEqual(1000 - 2);
    expect(busiestSecond(api(s.requests))).toBeLessThanOrEqual(10);
  }, 60_000);
});

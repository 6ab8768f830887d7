/**
 * `createSandbox({ latencyMs, latencyJitterMs })`: each request draws one round trip; half of it
 * passes before the request arrives (logged, counted by the rate limit), half before the answer.
 */
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/testing/index.js';
import { sandbox } from '../helpers.js';

/** One plain HTTP round trip, timed on this process's clock (the in-process sandbox's clock too). */
async function timed(url: string): Promise<{ sentAt: number; answeredAt: number; status: number }> {
  const sentAt = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  return { sentAt, answeredAt: performance.now(), status: response.status };
}

describe('sandbox latency', () => {
  it('refuses negative, non-finite or huge latencies, and a jitter larger than the latency', async () => {
    for (const [options, message] of [
      [{ latencyMs: -1 }, /latencyMs must be a number of milliseconds from 0 to 60000, got -1/],
      [{ latencyMs: Number.NaN }, /latencyMs must be/],
      [{ latencyMs: 60_001 }, /latencyMs must be/],
      [{ latencyMs: '200' }, /latencyMs must be/],
      [{ latencyMs: 200, latencyJitterMs: -5 }, /latencyJitterMs must be/],
      [{ latencyMs: 100, latencyJitterMs: 150 }, /latencyJitterMs \(150\) must be at most latencyMs \(100\)/],
      [{ latencyJitterMs: 10 }, /latencyJitterMs \(10\) must be at most latencyMs \(0\)/],
    ] as const) {
      await expect(createSandbox(options as never)).rejects.toThrow(RangeError);
      await expect(createSandbox(options as never)).rejects.toThrow(message);
    }
  });

  it('delays each request by its drawn round trip, half before it arrives and half before the answer', async () => {
    const s = await sandbox({ rateLimit: false, latencyMs: 120, latencyJitterMs: 40 });
    const trips = await Promise.all(Array.from({ length: 8 }, () => timed(`${s.baseUrl}/touches`)));
    const log = s.requests;
    expect(log).toHaveLength(8);
    for (const trip of trips) {
      // Within 80..160 ms (plus the machine's own delays): some arrival lies in its middle.
      expect(trip.answeredAt - trip.sentAt).toBeGreaterThanOrEqual(80 - 1);
      expect(trip.status).toBe(401);
    }
    const first = Math.min(...trips.map((t) => t.sentAt));
    for (const entry of log) {
      expect(entry.arrivedAt - first).toBeGreaterThanOrEqual(40 - 1);
      expect(entry.status).toBe(401);
    }
    const lastAnswer = Math.max(...trips.map((t) => t.answeredAt));
    expect(lastAnswer - Math.max(...log.map((e) => e.arrivedAt))).toBeGreaterThanOrEqual(40 - 1);
    // The log is in arrival order.
    const arrivals = log.map((e) => e.arrivedAt);
    expect(arrivals).toEqual([...arrivals].sort((a, b) => a - b));
  });

  it('the rate limit counts a request when it arrives, not when it was sent', async () => {
    const s = await sandbox({ rateLimit: 10, latencyMs: 600 });
    const sentAt = performance.now();
    // Ten requests sent now arrive together about 300 ms later.
    const burst = Promise.all(Array.from({ length: 10 }, () => timed(`${s.baseUrl}/touches`)));
    await new Promise((resolve) => setTimeout(resolve, 1_000 - (performance.now() - sentAt)));
    // A second after they were sent, but well within a second of their arrival: refused.
    s.settings.latencyMs = 0;
    const late = await timed(`${s.baseUrl}/touches`);
    expect((await burst).map((t) => t.status)).toEqual(Array(10).fill(401));
    expect(late.status).toBe(429);
    expect(s.requests.filter((r) => r.rateLimited)).toHaveLength(1);
    const [firstArrival] = s.requests.map((r) => r.arrivedAt);
    expect((firstArrival ?? 0) - sentAt).toBeGreaterThanOrEqual(300 - 1);
  });

  it('close() cuts waiting requests short instead of waiting out their latency', async () => {
    const s = await createSandbox({ latencyMs: 30_000 });
    const pending = fetch(`${s.baseUrl}/touches`).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await s.close();
    expect(await pending).toBeInstanceOf(Error);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(s.requests).toEqual([]);
  });
});

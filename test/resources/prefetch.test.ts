/**
 * Pages in flight: once Sendoso's total is known, a walk requests the pages after the one it reads,
 * up to `prefetch`, in order and each once; a `break`, an abort or a poller's stop() cancels them,
 * and nothing is requested afterwards.
 */
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  ListingChangedError,
  type PollOptions,
  type SendosoClient,
  ValidationError,
} from '../../src/index.js';
import type { Sandbox } from '../../src/testing/index.js';
import { authorizedClient, sandbox } from '../helpers.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts the client's requests to the touches listing and the most in flight at once. */
function watch(client: SendosoClient) {
  const seen = { requests: 0, responses: 0, inFlight: 0, maxInFlight: 0 };
  client.on('request', (e) => {
    if (e.path !== '/touches') return;
    seen.requests++;
    seen.inFlight++;
    seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
  });
  client.on('response', (e) => {
    if (e.path !== '/touches') return;
    seen.responses++;
    seen.inFlight--;
  });
  return seen;
}

/** The Sendoso pages requested, in page order (pages in flight may arrive in any order). */
const pagesRead = (s: Sandbox) =>
  s.requests
    .filter((r) => r.path === '/api/v3/touches')
    .map((r) => Number(r.query.page))
    .sort((a, b) => a - b);

async function setUp(latencyMs: number, touches = 1000) {
  const s = await sandbox({ seed: { touches }, rateLimit: false, latencyMs });
  const client = await authorizedClient(s, { rateLimit: false });
  s.clearRequests();
  return { s, client, seen: watch(client) };
}

describe('prefetch', () => {
  it('a for await keeps up to `prefetch` pages in flight besides the one it waits for, each requested once, in order', async () => {
    const { s, client, seen } = await setUp(40);
    let count = 0;
    for await (const _ of client.touches.list({ prefetch: 3 })) count++;
    expect(count).toBe(1000);
    expect(pagesRead(s)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(seen.maxInFlight).toBeGreaterThan(1);
    expect(seen.maxInFlight).toBeLessThanOrEqual(4);
  });

  it('`prefetch: 0` requests one page at a time', async () => {
    const { s, client, seen } = await setUp(20, 500);
    let count = 0;
    for await (const _ of client.touches.list({ prefetch: 0 })) count++;
    expect(count).toBe(500);
    expect(pagesRead(s)).toEqual([1, 2, 3, 4, 5]);
    expect(seen.maxInFlight).toBe(1);
    // The same with `prefetch` among the per-call options.
    count = 0;
    for await (const _ of client.touches.list(undefined, { prefetch: 0 })) count++;
    expect(count).toBe(500);
    expect(seen.maxInFlight).toBe(1);
  });

  it('never holds more than `prefetch` pages ahead of the one a slow consumer reads', async () => {
    const { client, seen } = await setUp(5);
    let count = 0;
    for await (const _ of client.touches.list({ prefetch: 2 })) {
      const reading = Math.floor(count / 100) + 1;
      expect(seen.requests).toBeLessThanOrEqual(reading + 2);
      if (++count % 20 === 0) await pause(10);
    }
    expect(count).toBe(1000);
    expect(seen.requests).toBe(10);
  });

  it('await list() and getNextPage() read nothing ahead', async () => {
    const { s, client } = await setUp(10);
    const first = await client.touches.list({ prefetch: 5 });
    await first.getNextPage();
    await pause(100);
    expect(pagesRead(s)).toEqual([1, 2]);
  });

  it('a break aborts the pages in flight and requests nothing more', async () => {
    const { client, seen } = await setUp(100);
    let count = 0;
    for await (const _ of client.touches.list({ prefetch: 3 })) {
      if (++count === 150) break;
    }
    const atBreak = seen.requests;
    expect(atBreak).toBeLessThanOrEqual(2 + 3);
    // The pages read ahead were still on their way: they are aborted, never answered.
    expect(seen.responses).toBeLessThan(atBreak);
    await pause(400);
    expect(seen.requests).toBe(atBreak);
    expect(seen.responses).toBeLessThan(atBreak);
  });

  it("the caller's signal aborts the walk and the pages in flight; nothing is requested after", async () => {
    const { client, seen } = await setUp(100);
    const controller = new AbortController();
    let count = 0;
    const walk = async () => {
      for await (const _ of client.touches.list({ prefetch: 3 }, { signal: controller.signal })) {
        if (++count === 150) controller.abort();
      }
    };
    await expect(walk()).rejects.toBeInstanceOf(AbortError);
    const atAbort = seen.requests;
    await pause(400);
    expect(seen.requests).toBe(atAbort);
    expect(seen.responses).toBeLessThan(atAbort);
  });

  it('listAll reads ahead, and a break out of it cancels the rest', async () => {
    const { s, client, seen } = await setUp(40);
    let count = 0;
    for await (const _ of client.touches.listAll(undefined, { prefetch: 3 })) count++;
    expect(count).toBe(1000);
    expect(pagesRead(s)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(seen.maxInFlight).toBeGreaterThan(1);
    expect(seen.maxInFlight).toBeLessThanOrEqual(4);

    const before = seen.requests;
    const answeredBefore = seen.responses;
    count = 0;
    for await (const _ of client.touches.listAll(undefined, { prefetch: 3 })) if (++count === 150) break;
    const atBreak = seen.requests - before;
    expect(atBreak).toBeLessThanOrEqual(5);
    await pause(300);
    expect(seen.requests - before).toBe(atBreak);
    // The pages read ahead were aborted, not answered.
    expect(seen.responses - answeredBefore).toBeLessThan(atBreak);
  });

  it('with pages read ahead, a listing that shifts mid-walk still ends in ListingChangedError', async () => {
    const { s, client } = await setUp(0, 250);
    // Page 2 is answered late; meanwhile touch #1 goes, shifting page 2 by one record.
    s.faults.next(1, { delayMs: 200, after: 1, match: { method: 'GET', path: '/api/v3/touches' } });
    setTimeout(() => s.data.touches.remove(1), 80);
    const ids: unknown[] = [];
    const err = await (async () => {
      for await (const touch of client.touches.listAll(undefined, { prefetch: 3 })) ids.push(touch.id);
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ListingChangedError);
    expect(new Set(ids).size).toBe(ids.length);
    expect(pagesRead(s)).toEqual([1, 2, 3]);
  });

  it("the poller's signal aborts its pass's pages in flight; nothing is requested after", async () => {
    const { client, seen } = await setUp(100, 2000);
    const controller = new AbortController();
    const poller = client.poll('touches', { autoStart: false, prefetch: 3, signal: controller.signal });
    const pass = poller.pollOnce().catch((e: unknown) => e);
    while (seen.responses < 2) await pause(10);
    controller.abort();
    expect(await pass).toBeInstanceOf(AbortError);
    const atAbort = seen.requests;
    expect(atAbort).toBeLessThan(20);
    await pause(400);
    expect(seen.requests).toBe(atAbort);
    expect(seen.responses).toBeLessThan(atAbort);
    await poller.stop();
  });

  it("a poller's stop() lets its pass finish (each page once) and leaves nothing in flight", async () => {
    const { s, client, seen } = await setUp(30, 1000);
    const poller = client.poll('touches', { autoStart: false, prefetch: 3 });
    const pass = poller.pollOnce();
    while (seen.responses < 2) await pause(5);
    await poller.stop();
    await pass;
    expect(pagesRead(s)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const atStop = seen.requests;
    await pause(300);
    expect(seen.requests).toBe(atStop);
    expect(seen.responses).toBe(atStop);
  });

  it('refuses a bad prefetch before any request: list, listAll and the poller', async () => {
    const { s, client } = await setUp(0, 10);
    await expect(client.touches.list({ prefetch: 1.5 })).rejects.toThrow(ValidationError);
    await expect(client.touches.list(undefined, { prefetch: 99 })).rejects.toThrow(ValidationError);
    const listAll = await client.touches
      .listAll(undefined, { prefetch: -1 })
      .next()
      .catch((e: unknown) => e);
    expect(listAll).toBeInstanceOf(ValidationError);
    expect((listAll as ValidationError).issues).toEqual([
      { path: 'prefetch', message: 'must be an integer from 0 to 20' },
    ]);
    let polled: unknown;
    try {
      client.poll('touches', { autoStart: false, prefetch: 'many' } as unknown as PollOptions);
    } catch (e) {
      polled = e;
    }
    expect(polled).toBeInstanceOf(ValidationError);
    expect((polled as ValidationError).issues).toEqual([
      { path: 'prefetch', message: 'must be an integer from 0 to 20' },
    ]);
    expect(s.requests).toEqual([]);
  });
});

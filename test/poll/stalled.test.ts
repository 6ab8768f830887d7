/** 'stalled' means failing: it fires only after at least one failed pass, and says how many. */
import { describe, expect, it } from 'vitest';
import { InternalServerError } from '../../src/errors.js';
import { ConnectionError, type PollerStalledError } from '../../src/index.js';
import { authorizedClient, sandbox } from '../helpers.js';
import { FakeSource } from './fake-source.js';
import { pollerFactory, ticks, waitFor } from './helpers.js';

const make = pollerFactory();

describe("'stalled'", () => {
  it('waits for the first failed pass when Sendoso is unreachable, and counts the failures', async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    await s.close();
    const poller = client.poll('touches', { intervalMs: 100, stallAfterIntervals: 3 });
    const log: string[] = [];
    const stalls: PollerStalledError[] = [];
    poller.on('error', (err) => log.push(err instanceof ConnectionError ? 'error' : String(err)));
    poller.on('stalled', (info) => {
      log.push('stalled');
      stalls.push(info);
    });
    try {
      await waitFor(() => stalls.length > 0, 20_000);
      // The first pass retries for longer than the 300 ms window: no stall until it has failed.
      expect(log[0]).toBe('error');
      expect(stalls[0]!.consecutiveFailures).toBeGreaterThanOrEqual(1);
      expect(stalls[0]!.message).toMatch(/\(\d+ failed pass(es)? in a row\)/);
      expect(stalls[0]!.message).not.toContain('(0 ');
      expect(stalls[0]!.cause).toBeInstanceOf(ConnectionError);
    } finally {
      await poller.stop();
    }
  }, 30_000);

  it('does not fire for a pass that is only slow, and fires at its failure once the window has passed', async () => {
    const source = new FakeSource();
    source.seed(2);
    const release = source.pause();
    const poller = make(source, { autoStart: true, intervalMs: 20, stallAfterIntervals: 2 });
    poller.on('error', () => {});
    const stalls: PollerStalledError[] = [];
    poller.on('stalled', (info) => stalls.push(info));
    await ticks(200); // five windows, one pass in flight all along
    expect(stalls).toEqual([]);
    source.failAlways(new InternalServerError({ status: 503 }));
    release();
    await waitFor(() => stalls.length === 1);
    expect(stalls[0]!.consecutiveFailures).toBe(1);
    expect(stalls[0]!.message).toContain('(1 failed pass in a row)');
  });
});

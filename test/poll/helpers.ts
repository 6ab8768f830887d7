/** Shared by the Poller tests: pollers stopped after each test, and short waits. */
import { afterEach } from 'vitest';
import { Poller, type PollerOptions } from '../../src/poll/index.js';
import type { FakeSource, FakeTouch } from './fake-source.js';

/** `make(source, options)` builds pollers (autoStart off unless asked) that are stopped after each test. */
export function pollerFactory() {
  const pollers: Poller<FakeTouch>[] = [];
  afterEach(async () => {
    for (const poller of pollers.splice(0)) await poller.stop();
  });
  return (source: FakeSource, options: PollerOptions = {}): Poller<FakeTouch> => {
    const poller = new Poller(source, { autoStart: false, ...options });
    pollers.push(poller);
    return poller;
  };
}

export async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

export const ticks = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

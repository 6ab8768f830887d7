import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/testing/index.js';
import { api, issueToken } from './helpers.js';

const sandboxes: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
});

/** Process warnings emitted while `run` runs (and the ticks after it). */
async function warningsDuring(run: () => Promise<unknown>): Promise<Error[]> {
  const seen: Error[] = [];
  const listener = (warning: Error) => seen.push(warning);
  process.on('warning', listener);
  try {
    await run();
    await new Promise((resolve) => setTimeout(resolve, 50)); // warnings are emitted on a later tick
  } finally {
    process.off('warning', listener);
  }
  return seen;
}

describe('delayed faults', () => {
  it('hold 40 concurrent requests without a MaxListenersExceededWarning', async () => {
    const sandbox = await createSandbox({ rateLimit: false });
    sandboxes.push(sandbox);
    const token = (await issueToken(sandbox)).access_token;
    sandbox.faults.next(40, { delayMs: 150 });
    const warnings = await warningsDuring(async () => {
      const answers = await Promise.all(Array.from({ length: 40 }, () => api(sandbox, token, '/me')));
      expect(answers.map((a) => a.status)).toEqual(Array(40).fill(200));
    });
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
  });

  it('are cut short by close(), however many are waiting', async () => {
    const sandbox = await createSandbox({ rateLimit: false });
    sandboxes.push(sandbox);
    const token = (await issueToken(sandbox)).access_token;
    sandbox.faults.next(20, { delayMs: 60_000 });
    const pending = Array.from({ length: 20 }, () =>
      api(sandbox, token, '/me').then(
        () => 'answered',
        () => 'closed',
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await sandbox.close();
    expect(await Promise.all(pending)).toEqual(Array(20).fill('closed'));
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

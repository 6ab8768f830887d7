import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger, Token } from '../src/index.js';
import { authorizedClient, sandbox } from './helpers.js';

type Line = { level: keyof Logger; message: string; data?: Record<string, unknown> };

function recordingLogger(): { logger: Logger; lines: Line[] } {
  const lines: Line[] = [];
  const at =
    (level: keyof Logger) =>
    (message: string, data?: Record<string, unknown>): void => {
      lines.push({ level, message, ...(data ? { data } : {}) });
    };
  return { logger: { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') }, lines };
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

/** Lets pending promise callbacks and the unhandled-rejection check run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('client listener errors', () => {
  it('a listener that throws is logged at error level, without the token, and the refresh succeeds', async () => {
    const s = await sandbox();
    const { logger, lines } = recordingLogger();
    const client = await authorizedClient(s, { logger, logLevel: 'error' });
    const seen: Token[] = [];
    client.on('token', () => {
      throw new TypeError('cannot save the token');
    });
    client.on('token', (t) => seen.push(t)); // later listeners still run
    const token = await client.auth.refresh();
    expect(seen).toEqual([token]);
    const errors = lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/'token' listener failed/);
    expect(errors[0]?.data).toEqual({ event: 'token', error: 'TypeError', message: 'cannot save the token' });
    const logged = JSON.stringify(lines);
    for (const secret of [token.accessToken, token.refreshToken ?? '', s.clientSecret])
      expect(logged).not.toContain(secret);
  });

  it('an async listener that rejects is logged and never becomes an unhandled rejection', async () => {
    const s = await sandbox();
    const { logger, lines } = recordingLogger();
    const client = await authorizedClient(s, { logger, logLevel: 'error' });
    client.on('token', async () => {
      await settle();
      throw new Error('database down');
    });
    client.on('response', () => Promise.reject(new RangeError('metrics full')));
    await client.auth.refresh();
    await client.me();
    await settle();
    await settle();
    expect(unhandled).toEqual([]);
    expect(lines.filter((l) => l.level === 'error').map((l) => l.data)).toEqual(
      expect.arrayContaining([
        { event: 'token', error: 'Error', message: 'database down' },
        { event: 'response', error: 'RangeError', message: 'metrics full' },
      ]),
    );
  });

  it('a listener added with once() runs once', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    let calls = 0;
    client.once('token', () => {
      calls++;
    });
    await client.auth.refresh();
    await client.auth.refresh();
    expect(calls).toBe(1);
  });
});

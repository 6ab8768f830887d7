/** Debug logs show each poller pass, with counts and timings only: no record contents, no token. */
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/index.js';
import { authorizedClient, sandbox } from '../helpers.js';

describe('poller debug logs', () => {
  it("log pass start and end through the client's logger, with counts and no record contents", async () => {
    const s = await sandbox({ seed: { touches: 120 }, rateLimit: false });
    const lines: { message: string; data?: Record<string, unknown> }[] = [];
    const capture = (message: string, data?: Record<string, unknown>) => {
      lines.push({ message, ...(data ? { data } : {}) });
    };
    const logger: Logger = { error: capture, warn: capture, info: capture, debug: capture };
    const client = await authorizedClient(s, { rateLimit: false, logger, logLevel: 'debug' });
    const poller = client.poll('touches', { autoStart: false });
    await poller.pollOnce();
    s.data.touches.update(3, { name: 'Secret project codename' });
    s.data.touches.remove(7);
    await poller.pollOnce();
    await poller.stop();

    const passes = lines.filter((l) => l.message.includes('poll pass'));
    expect(passes.map((l) => l.message)).toEqual([
      '[sendoso] poll pass start',
      '[sendoso] poll pass end',
      '[sendoso] poll pass start',
      '[sendoso] poll pass end',
    ]);
    expect(passes[3]!.data).toMatchObject({
      resource: 'touches',
      pass: 2,
      listed: 119,
      created: 0,
      updated: 1,
      deleted: 1,
      missing: 1,
      checked: 1,
      stillThere: 0,
      consistent: true,
    });
    expect(passes[3]!.data?.ms).toEqual(expect.any(Number));
    const everything = JSON.stringify(lines);
    expect(everything).not.toContain('Secret project codename');
    const token = await client.auth.getToken();
    expect(everything).not.toContain(token!.accessToken);
  });
});

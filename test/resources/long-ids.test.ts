import { describe, expect, it } from 'vitest';
import { type RequestEvent, ValidationError } from '../../src/index.js';
import { authorizedClient, sandbox } from '../helpers.js';

const huge = 'x'.repeat(100_000);

describe('long ids and names', () => {
  it('a 100 KB id is a short ValidationError before anything is sent, for every operation', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.clearRequests();
    const attempts = [
      () => client.touches.get(huge),
      () => client.touches.update(huge, { name: 'x' }),
      () => client.groups.delete(huge),
      () => client.groups.members(huge).then((page) => page),
      () =>
        client
          .objects(huge)
          .list()
          .then((page) => page),
      () =>
        client
          .objects('widgets')
          .children(huge, 'parts')
          .list()
          .then((page) => page),
    ];
    for (const attempt of attempts) {
      const error = await (async () => attempt())().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).message).toMatch(/at most 1000 characters long \(got 100000\)/);
      expect((error as Error).message.length).toBeLessThan(200);
      expect(JSON.stringify(error).length).toBeLessThan(500);
    }
    expect(s.requests).toEqual([]);
  });

  it('an id of 1,000 characters is sent, and messages, logs and events show its path clipped', async () => {
    const s = await sandbox();
    const lines: string[] = [];
    const log = (message: string, data?: unknown) => lines.push(`${message} ${JSON.stringify(data ?? {})}`);
    const client = await authorizedClient(s, {
      logLevel: 'debug',
      logger: { error: log, warn: log, info: log, debug: log },
      maxRetries: 0,
    });
    const events: RequestEvent[] = [];
    client.on('request', (event) => events.push(event));
    const id = '€'.repeat(1000); // 9,000 characters once percent-encoded
    s.faults.next(1, { status: 418, body: '' });
    const error = await client.touches.get(id).catch((e: unknown) => e);
    expect(s.requests.at(-1)?.path.length).toBeGreaterThan(9_000);
    expect((error as Error).message).toMatch(
      /^Sendoso answered HTTP 418 to GET \/touches\/(%E2%82%AC)+…\[\d+ more characters\]$/,
    );
    expect((error as Error).message.length).toBeLessThan(300);
    expect(events.at(-1)?.path.length).toBeLessThan(250);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.length).toBeLessThan(400);
  });
});

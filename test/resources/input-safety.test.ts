import { describe, expect, it } from 'vitest';
import { SendosoClient, ValidationError } from '../../src/index.js';
import { authorizedClient, requestsTo, sandbox } from '../helpers.js';

describe('input that could reach the wrong endpoint or send the wrong gift', () => {
  it('refuses "." and ".." as ids and object names (URL parsers resolve them even encoded)', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.clearRequests();
    const attempts = [
      () => client.touches.get('..'),
      () => client.users.delete('.'),
      () => client.objects('touches').children('..', 'me').list(),
      () => client.objects('x').children('..', 'send').create({ touch_id: 1 }),
      () => client.objects('..').list(),
    ];
    for (const attempt of attempts) {
      const err = await (async () => attempt())().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
    }
    expect(s.requests).toEqual([]);
  });

  it('sends what was validated, even if the caller reuses and changes the body afterwards', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const body = { touch_id: 1, via: 'single_email_address' as const, via_from: 'tests', email: '' };
    const sends: Promise<unknown>[] = [];
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) {
      body.email = email;
      sends.push(client.gifts.create(body));
    }
    body.email = 'not an email';
    await Promise.all(sends);
    const sent = requestsTo(s, '/api/v3/send', 'POST').map(
      (r) => (r.body as { send: { email: string } }).send.email,
    );
    expect(sent.sort()).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
  });

  it('refuses timeouts Node cannot set and bad retry counts, before sending', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.clearRequests();
    const gift = {
      touch_id: 1,
      via: 'single_email_address',
      via_from: 'tests',
      email: 'a@example.com',
    } as const;
    for (const options of [
      { timeoutMs: Number.POSITIVE_INFINITY },
      { timeoutMs: 2 ** 31 },
      { maxRetries: -1 },
      { maxRetries: 1.5 },
    ]) {
      await expect(client.gifts.create(gift, options)).rejects.toBeInstanceOf(ValidationError);
    }
    // Every bad per-call option is named at once, with the constructor's messages.
    const err = await client.gifts
      .create(gift, { timeoutMs: 0, maxRetries: 1.5, headers: { 'X-A': 1 as unknown as string } })
      .catch((e: unknown) => e);
    expect((err as ValidationError).issues).toEqual([
      { path: 'timeoutMs', message: 'must be a number of milliseconds from 1 to 2147483647' },
      { path: 'maxRetries', message: 'must be an integer from 0 to 100' },
      { path: 'headers', message: 'must map names to strings' },
    ]);
    // Header injection is refused before the request, naming the header but never its value.
    const injected = await client.gifts
      .create(gift, { headers: { 'X-Note': 'a\r\nX-Admin: yes-secret' } })
      .catch((e: unknown) => e);
    expect(injected).toBeInstanceOf(ValidationError);
    expect((injected as ValidationError).issues).toEqual([
      { path: 'headers', message: '"X-Note" must not contain CR, LF or NUL' },
    ]);
    expect(JSON.stringify(injected)).not.toContain('yes-secret');
    await expect(client.me({ headers: { 'Bad Name': 'x' } })).rejects.toMatchObject({
      issues: [{ path: 'headers', message: '"Bad Name" is not a valid header name' }],
    });
    expect(s.requests).toEqual([]);
    expect(() => new SendosoClient({ timeoutMs: Number.POSITIVE_INFINITY })).toThrow(/timeoutMs/);
    await expect(client.auth.exchangeCode('x', { timeoutMs: Number.NaN })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});

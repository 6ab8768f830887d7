import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  ValidationError,
  verifyWebhook,
  WebhookVerificationError,
  type WebhookVerificationReason,
} from '../../src/index.js';
import { newSecret, sendBody, svixHeaders } from './helpers.js';

const secret = newSecret();
const body = sendBody();

function refusal(run: () => unknown): WebhookVerificationError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(WebhookVerificationError);
    return err as WebhookVerificationError;
  }
  throw new Error('verification passed');
}

const reasonOf = (run: () => unknown): WebhookVerificationReason => refusal(run).reason;

describe('verifyWebhook', () => {
  it('accepts a delivery signed by the svix package and returns the typed event', () => {
    const at = new Date();
    const event = verifyWebhook(Buffer.from(body), svixHeaders(body, { secret, id: 'msg_abc', at }), {
      secret,
    });
    expect(event).toEqual({
      id: 'msg_abc',
      timestamp: new Date(Math.floor(at.getTime() / 1000) * 1000),
      sendGid: 'Z2lkOi8vc2VuZG9zby9TZW5kLzQy',
      statusChangedAt: '2024-05-01T10:00:00-07:00',
      data: JSON.parse(body),
    });
  });

  it('takes a string, a Buffer or a Uint8Array view of the same bytes', () => {
    const headers = svixHeaders(body, { secret });
    const padded = Buffer.from(`xx${body}yy`);
    const view = new Uint8Array(padded.buffer, padded.byteOffset + 2, Buffer.byteLength(body));
    for (const raw of [body, Buffer.from(body), view]) {
      expect(verifyWebhook(raw, headers, { secret }).sendGid).toBe('Z2lkOi8vc2VuZG9zby9TZW5kLzQy');
    }
  });

  it('reads webhook-* (Standard Webhooks) headers, any case, and Fetch Headers', () => {
    const signed = svixHeaders(body, { secret });
    const standard = Object.fromEntries(
      Object.entries(signed).map(([name, value]) => [name.replace('svix-', 'Webhook-').toUpperCase(), value]),
    );
    expect(verifyWebhook(body, standard, { secret }).id).toBe(signed['svix-id']);
    expect(verifyWebhook(body, new Headers(signed), { secret }).id).toBe(signed['svix-id']);
    // Node hands repeated headers over as arrays.
    const arrays = { ...signed, 'svix-signature': ['v1,bm90IGl0', signed['svix-signature'] ?? ''] };
    expect(verifyWebhook(body, arrays, { secret }).id).toBe(signed['svix-id']);
  });

  it('passes while keys rotate: two signatures in the header, or two secrets to try', () => {
    const previous = newSecret();
    const at = new Date();
    const byOld = svixHeaders(body, { secret: previous, at });
    const byNew = svixHeaders(body, { secret, at });
    const both = { ...byNew, 'svix-signature': `${byOld['svix-signature']} ${byNew['svix-signature']}` };
    expect(verifyWebhook(body, both, { secret }).sendGid).toBeDefined();
    expect(verifyWebhook(body, both, { secret: previous }).sendGid).toBeDefined();
    expect(verifyWebhook(body, byOld, { secret: [secret, previous] }).sendGid).toBeDefined();
    expect(verifyWebhook(body, byNew, { secret: [secret, previous] }).sendGid).toBeDefined();
    expect(reasonOf(() => verifyWebhook(body, both, { secret: newSecret() }))).toBe('invalid_signature');
  });

  it('refuses a tampered body and a tampered id: invalid_signature', () => {
    const headers = svixHeaders(body, { secret });
    const tampered = body.replace('Z2lk', 'Z2lj');
    expect(reasonOf(() => verifyWebhook(tampered, headers, { secret }))).toBe('invalid_signature');
    // Re-serialised JSON is not the bytes that were signed.
    const reserialised = JSON.stringify(JSON.parse(body), null, 2);
    expect(reasonOf(() => verifyWebhook(reserialised, headers, { secret }))).toBe('invalid_signature');
    const otherId = { ...headers, 'svix-id': 'msg_other' };
    expect(reasonOf(() => verifyWebhook(body, otherId, { secret }))).toBe('invalid_signature');
    const otherTime = { ...headers, 'svix-timestamp': String(Number(headers['svix-timestamp']) - 1) };
    expect(reasonOf(() => verifyWebhook(body, otherTime, { secret }))).toBe('invalid_signature');
    const noV1 = { ...headers, 'svix-signature': headers['svix-signature']?.replace('v1,', 'v2,') ?? '' };
    expect(reasonOf(() => verifyWebhook(body, noV1, { secret }))).toBe('invalid_signature');
  });

  it('refuses a timestamp 6 minutes old or 6 minutes ahead, unless toleranceSeconds allows it', () => {
    const old = svixHeaders(body, { secret, at: new Date(Date.now() - 360_000) });
    const ahead = svixHeaders(body, { secret, at: new Date(Date.now() + 360_000) });
    expect(reasonOf(() => verifyWebhook(body, old, { secret }))).toBe('timestamp_too_old');
    expect(reasonOf(() => verifyWebhook(body, ahead, { secret }))).toBe('timestamp_too_new');
    expect(verifyWebhook(body, old, { secret, toleranceSeconds: 400 }).sendGid).toBeDefined();
    expect(verifyWebhook(body, ahead, { secret, toleranceSeconds: 400 }).sendGid).toBeDefined();
    // Four minutes either way is within the default five.
    expect(
      verifyWebhook(body, svixHeaders(body, { secret, at: new Date(Date.now() - 240_000) }), { secret }),
    ).toBeDefined();
    expect(
      verifyWebhook(body, svixHeaders(body, { secret, at: new Date(Date.now() + 240_000) }), { secret }),
    ).toBeDefined();
  });

  it('refuses a timestamp that is not Unix seconds: invalid_timestamp', () => {
    const headers = svixHeaders(body, { secret });
    for (const timestamp of ['soon', '1.5e9', '-5', new Date().toISOString()]) {
      expect(
        reasonOf(() => verifyWebhook(body, { ...headers, 'svix-timestamp': timestamp }, { secret })),
      ).toBe('invalid_timestamp');
    }
  });

  it('names the missing header: missing_header', () => {
    const headers = svixHeaders(body, { secret });
    for (const name of ['svix-id', 'svix-timestamp', 'svix-signature'] as const) {
      const { [name]: _dropped, ...rest } = headers;
      const err = refusal(() => verifyWebhook(body, rest, { secret }));
      expect(err.reason).toBe('missing_header');
      expect(err.message).toContain(name);
    }
    expect(reasonOf(() => verifyWebhook(body, {}, { secret }))).toBe('missing_header');
  });

  it('refuses an already parsed body and says to keep it raw (express.raw()): parsed_body', () => {
    const headers = svixHeaders(body, { secret });
    const err = refusal(() => verifyWebhook(JSON.parse(body) as unknown as string, headers, { secret }));
    expect(err.reason).toBe('parsed_body');
    expect(err.message).toContain('parsed object');
    expect(err.message).toContain('express.raw(');
    expect(reasonOf(() => verifyWebhook(undefined as unknown as string, headers, { secret }))).toBe(
      'parsed_body',
    );
  });

  it('refuses a body above maxBodyBytes (default 1 MiB): body_too_large', () => {
    const big = JSON.stringify({ send_gid: 'x', status_changed_at: 'y', padding: 'a'.repeat(1024 * 1024) });
    const headers = svixHeaders(big, { secret });
    expect(reasonOf(() => verifyWebhook(big, headers, { secret }))).toBe('body_too_large');
    expect(
      reasonOf(() => verifyWebhook(body, svixHeaders(body, { secret }), { secret, maxBodyBytes: 10 })),
    ).toBe('body_too_large');
    expect(verifyWebhook(big, headers, { secret, maxBodyBytes: 2 * 1024 * 1024 }).sendGid).toBe('x');
  });

  it('refuses correctly signed bytes that are not JSON, or not a send-status event: invalid_json', () => {
    for (const raw of ['{"send_gid": "abc",', '[1, 2]', '{"status": "Delivered"}']) {
      expect(reasonOf(() => verifyWebhook(raw, svixHeaders(raw, { secret }), { secret }))).toBe(
        'invalid_json',
      );
    }
  });

  it('never shows the secret: not in messages, JSON or util.inspect of any refusal', () => {
    const key = secret.slice('whsec_'.length);
    const headers = svixHeaders(body, { secret });
    const errors = [
      refusal(() => verifyWebhook('tampered', headers, { secret })),
      refusal(() => verifyWebhook(body, {}, { secret })),
      refusal(() => verifyWebhook(body, { ...headers, 'svix-timestamp': '1' }, { secret })),
      refusal(() => verifyWebhook({} as unknown as string, headers, { secret })),
      refusal(() => verifyWebhook(body, headers, { secret, maxBodyBytes: 1 })),
    ];
    for (const err of errors) {
      for (const shown of [err.message, JSON.stringify(err), inspect(err), String(err.stack)]) {
        expect(shown).not.toContain(key);
        expect(shown).not.toContain(key.slice(0, 12));
      }
    }
  });

  it('refuses a malformed secret or option with a ValidationError that does not echo the secret', () => {
    const headers = svixHeaders(body, { secret });
    const bad = 'whsec_not base64!';
    const cases: Array<[options: Parameters<typeof verifyWebhook>[2], path: string]> = [
      [{ secret: bad }, 'secret'],
      [{ secret: [secret, bad] }, 'secret[1]'],
      [{ secret: [] as string[] }, 'secret'],
      [{ secret, toleranceSeconds: -1 }, 'toleranceSeconds'],
      [{ secret, maxBodyBytes: 0 }, 'maxBodyBytes'],
    ];
    for (const [options, path] of cases) {
      let caught: unknown;
      try {
        verifyWebhook(body, headers, options);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ValidationError);
      expect((caught as ValidationError).issues.map((i) => i.path)).toEqual([path]);
      for (const shown of [(caught as Error).message, JSON.stringify(caught), inspect(caught)]) {
        expect(shown).not.toContain('not base64');
        expect(shown).not.toContain(secret.slice('whsec_'.length, 20));
      }
    }
  });
});

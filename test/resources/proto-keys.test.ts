import { describe, expect, it } from 'vitest';
import { type ChangeEvent, type Pollable, SendosoClient, ValidationError } from '../../src/index.js';
import { authorizedClient, requestsTo, sandbox } from '../helpers.js';

/** What `JSON.parse` makes of a `__proto__` key: an ordinary own property. */
const parsed = (text: string) => JSON.parse(text) as Record<string, unknown>;

function hasProtoKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Object.hasOwn(value, '__proto__')) return true;
  return Object.values(value).some(hasProtoKey);
}

describe('__proto__ keys: the SDK never returns one and never sends one', () => {
  it('list() and get() drop them at every depth, the same way', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const stored = s.data.touches.insert(
      parsed(
        '{"name":"Proto","__proto__":{"admin":true},"meta":{"__proto__":{"admin":true},"kept":1},"tags":[{"__proto__":1}]}',
      ),
    );
    const listed = (await client.touches.list("name = 'Proto'")).items[0];
    const fetched = await client.touches.get(stored.id as number);
    for (const touch of [listed, fetched]) {
      expect(touch).toMatchObject({ name: 'Proto', meta: { kept: 1 } });
      expect(hasProtoKey(touch)).toBe(false);
      expect(Object.getPrototypeOf(touch)).toBe(Object.prototype);
      expect((touch as { admin?: unknown }).admin).toBeUndefined();
    }
  });

  it('create() and update() answers drop them too', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const answer = parsed('{"id":1,"name":"Touch","__proto__":{"admin":true}}');
    s.faults.next(2, { status: 200, body: answer, match: { path: /^\/api\/v3\/touches/ } });
    const created = await client.touches.create({ name: 'Touch' } as never);
    const updated = await client.touches.update(1, { name: 'Touch' });
    expect(hasProtoKey(created)).toBe(false);
    expect(hasProtoKey(updated)).toBe(false);
  });

  it('a body holding one is refused before anything is sent, with its path', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.clearRequests();
    const body = parsed('{"name":"Group","settings":{"__proto__":{"admin":true}}}');
    const attempts = [
      () => client.groups.create(body as never),
      () => client.groups.update(1, parsed('{"__proto__":{"name":"x"}}') as never),
      () => client.objects('widgets').create(body),
    ];
    for (const attempt of attempts) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toContainEqual(
        expect.stringMatching(/__proto__$/),
      );
    }
    expect(s.requests).toEqual([]);
  });

  it('route overrides holding one are refused, from JSON and from an object literal', () => {
    const fromJson = () =>
      new SendosoClient({ resources: parsed('{"touches":{"__proto__":{"list":{"path":"/x"}}}}') });
    expect(fromJson).toThrow(ValidationError);
    expect(fromJson).toThrow(/resources\.touches\.__proto__: a __proto__ key is not allowed/);
    const literal = () =>
      new SendosoClient({ resources: { touches: { __proto__: { list: { path: '/x' } } } } as never });
    expect(literal).toThrow(/resources\.touches: must be a plain object/);
  });

  it('a poller sees a change made under a nested __proto__ key of a record it is given', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    let version = 1;
    const source: Pollable<Record<string, unknown>> = {
      name: 'things',
      idOf: (record) => String(record.id),
      async *listAll() {
        yield parsed(`{"id":1,"meta":{"__proto__":{"version":${version}}}}`);
      },
    };
    const poller = client.poll(source, { autoStart: false });
    const updates: ChangeEvent<Record<string, unknown>>[] = [];
    poller.on('updated', async (event) => {
      updates.push(event);
    });
    await poller.pollOnce();
    version = 2;
    await poller.pollOnce();
    await poller.stop();
    expect(updates.map((e) => e.changedFields)).toEqual([['meta']]);
    expect(requestsTo(s, '/api/v3/things')).toEqual([]);
  });
});

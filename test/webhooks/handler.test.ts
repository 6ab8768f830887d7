import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import {
  createWebhookHandler,
  MemoryWebhookDedupeStore,
  type WebhookDedupeStore,
  type WebhookEvent,
  type WebhookRequest,
} from '../../src/index.js';
import { deferred, listen, newSecret, sendBody, svixHeaders } from './helpers.js';

const secret = newSecret();
const body = sendBody();

async function post(url: string, payload: string, headers: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    body: payload,
    headers: { ...headers, 'content-type': 'application/json' },
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

describe('createWebhookHandler on node:http', () => {
  it('answers 204 only after onEvent resolved, with the typed event', async () => {
    const gate = deferred();
    const events: WebhookEvent[] = [];
    const { url } = await listen(
      createWebhookHandler({
        secret,
        onEvent: async (event) => {
          events.push(event);
          await gate.promise;
        },
      }),
    );
    let answered = false;
    const response = post(url, body, svixHeaders(body, { secret, id: 'msg_1' })).finally(() => {
      answered = true;
    });
    await vi.waitFor(() => expect(events).toHaveLength(1));
    await sleep(100);
    expect(answered).toBe(false);
    gate.resolve();
    expect(await response).toEqual({ status: 204, body: undefined });
    expect(events[0]).toMatchObject({ id: 'msg_1', sendGid: 'Z2lkOi8vc2VuZG9zby9TZW5kLzQy' });
  });

  it('answers 400 { error: reason } on a failed verification, never the secret, without calling onEvent', async () => {
    const onEvent = vi.fn();
    const { url } = await listen(createWebhookHandler({ secret, onEvent }));
    const headers = svixHeaders(body, { secret });
    const answers = [
      await post(url, body.replace('Z2lk', 'Z2lj'), headers),
      await post(url, body, { ...headers, 'svix-timestamp': String(Math.floor(Date.now() / 1000) - 360) }),
      await post(url, body, {}),
    ];
    expect(answers).toEqual([
      { status: 400, body: { error: 'invalid_signature' } },
      { status: 400, body: { error: 'timestamp_too_old' } },
      { status: 400, body: { error: 'missing_header' } },
    ]);
    expect(JSON.stringify(answers)).not.toContain(secret.slice(6, 20));
    expect(onEvent).not.toHaveBeenCalled();
  });

  it('answers 500 when onEvent throws and does not acknowledge the id: the redelivery runs it again', async () => {
    let calls = 0;
    const { url } = await listen(
      createWebhookHandler({
        secret,
        onEvent: () => {
          calls++;
          if (calls === 1) throw new Error('database down');
        },
      }),
    );
    const headers = svixHeaders(body, { secret, id: 'msg_retry' });
    expect(await post(url, body, headers)).toEqual({ status: 500, body: { error: 'on_event_failed' } });
    expect(await post(url, body, headers)).toEqual({ status: 204, body: undefined });
    expect(await post(url, body, headers)).toEqual({ status: 204, body: undefined });
    expect(calls).toBe(2);
  });

  it('acknowledges an id it already acknowledged with 204, without calling onEvent', async () => {
    const onEvent = vi.fn();
    const { url } = await listen(createWebhookHandler({ secret, onEvent }));
    const first = svixHeaders(body, { secret, id: 'msg_dup' });
    // Svix re-signs every attempt: a later timestamp, the same id.
    const again = svixHeaders(body, { secret, id: 'msg_dup', at: new Date(Date.now() + 5_000) });
    expect((await post(url, body, first)).status).toBe(204);
    expect((await post(url, body, again)).status).toBe(204);
    expect(onEvent).toHaveBeenCalledTimes(1);
    expect((await post(url, body, svixHeaders(body, { secret, id: 'msg_other' }))).status).toBe(204);
    expect(onEvent).toHaveBeenCalledTimes(2);
  });

  it('runs onEvent once for concurrent deliveries of one id; every one gets its answer', async () => {
    const gate = deferred();
    const onEvent = vi.fn(() => gate.promise);
    const { url } = await listen(createWebhookHandler({ secret, onEvent }));
    const headers = svixHeaders(body, { secret, id: 'msg_concurrent' });
    const answers = Promise.all([
      post(url, body, headers),
      post(url, body, headers),
      post(url, body, headers),
    ]);
    await vi.waitFor(() => expect(onEvent).toHaveBeenCalled());
    await sleep(50);
    gate.resolve();
    expect((await answers).map((a) => a.status)).toEqual([204, 204, 204]);
    expect(onEvent).toHaveBeenCalledTimes(1);
  });

  it('answers 400 body_too_large to a body over maxBodyBytes, declared or streamed, without calling onEvent', async () => {
    const onEvent = vi.fn();
    const { url } = await listen(createWebhookHandler({ secret, onEvent, maxBodyBytes: 1024 }));
    const big = JSON.stringify({ send_gid: 'x', status_changed_at: 'y', padding: 'a'.repeat(4096) });
    expect(await post(url, big, svixHeaders(big, { secret }))).toEqual({
      status: 400,
      body: { error: 'body_too_large' },
    });
    // Chunked, without a content-length: refused once the bytes read pass the cap.
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: svixHeaders(big, { secret }) }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 4; i++) req.write(big.slice(i * 1100, (i + 1) * 1100));
      req.end(big.slice(4400));
    });
    expect(streamed).toBe(400);
    expect(onEvent).not.toHaveBeenCalled();
  });

  it('answers 405 to anything but POST', async () => {
    const { url } = await listen(createWebhookHandler({ secret, onEvent: () => {} }));
    const response = await fetch(url);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});

describe('createWebhookHandler in frameworks', () => {
  // Express is not a dependency of this package; these reproduce what its body parsers leave on req.body.
  async function readAll(req: WebhookRequest): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  it("uses the Buffer express.raw({ type: '*/*' }) leaves on req.body", async () => {
    const onEvent = vi.fn();
    const handler = createWebhookHandler({ secret, onEvent });
    const { url } = await listen(async (req: WebhookRequest, res) => {
      req.body = await readAll(req); // what express.raw() does, before the route's handler runs
      await handler(req, res);
    });
    expect((await post(url, body, svixHeaders(body, { secret }))).status).toBe(204);
    expect(onEvent).toHaveBeenCalledTimes(1);
  });

  it('refuses the object express.json() leaves on req.body with parsed_body', async () => {
    const onEvent = vi.fn();
    const handler = createWebhookHandler({ secret, onEvent });
    const { url } = await listen(async (req: WebhookRequest, res) => {
      req.body = JSON.parse((await readAll(req)).toString()); // what express.json() does
      await handler(req, res);
    });
    expect(await post(url, body, svixHeaders(body, { secret }))).toEqual({
      status: 400,
      body: { error: 'parsed_body' },
    });
    expect(onEvent).not.toHaveBeenCalled();
  });

  it('process(rawBody, headers) serves frameworks without (req, res), such as Fastify or fetch handlers', async () => {
    const onEvent = vi.fn();
    const handler = createWebhookHandler({ secret, onEvent });
    const headers = new Headers(svixHeaders(body, { secret }));
    expect(await handler.process(Buffer.from(body), headers)).toEqual({ status: 204 });
    expect(await handler.process(JSON.parse(body), headers)).toEqual({
      status: 400,
      body: { error: 'parsed_body' },
    });
    expect(onEvent).toHaveBeenCalledTimes(1);
  });
});

describe('createWebhookHandler options', () => {
  it('triggers the poller after onEvent; a failing pass is reported to onError, not answered 500', async () => {
    const order: string[] = [];
    const failure = new Error('listing failed');
    const onError = vi.fn();
    const poller = {
      trigger: vi.fn(async () => {
        order.push('trigger');
        throw failure;
      }),
    };
    const handler = createWebhookHandler({
      secret,
      poller,
      onError,
      onEvent: () => void order.push('onEvent'),
    });
    expect(await handler.process(body, svixHeaders(body, { secret, id: 'msg_poll' }))).toEqual({
      status: 204,
    });
    await vi.waitFor(() =>
      expect(onError).toHaveBeenCalledWith(failure, expect.objectContaining({ id: 'msg_poll' })),
    );
    expect(order).toEqual(['onEvent', 'trigger']);
    // An id already acknowledged triggers nothing more.
    await handler.process(body, svixHeaders(body, { secret, id: 'msg_poll' }));
    await sleep(20);
    expect(poller.trigger).toHaveBeenCalledTimes(1);
  });

  it('asks a pluggable dedupe store, and adds an id only after onEvent resolved', async () => {
    const seen = new Set<string>(['msg_known']);
    const calls: string[] = [];
    const store: WebhookDedupeStore = {
      has: async (id) => {
        calls.push(`has ${id}`);
        return seen.has(id);
      },
      add: async (id) => {
        calls.push(`add ${id}`);
        seen.add(id);
      },
    };
    const onEvent = vi.fn(async (event: WebhookEvent) => void calls.push(`onEvent ${event.id}`));
    const handler = createWebhookHandler({ secret, onEvent, dedupe: store });
    await handler.process(body, svixHeaders(body, { secret, id: 'msg_known' }));
    await handler.process(body, svixHeaders(body, { secret, id: 'msg_new' }));
    expect(calls).toEqual(['has msg_known', 'has msg_new', 'onEvent msg_new', 'add msg_new']);
  });

  it('answers 500 when the dedupe store fails, so Svix retries rather than risking a duplicate', async () => {
    const onEvent = vi.fn();
    const store: WebhookDedupeStore = {
      has: () => Promise.reject(new Error('redis down')),
      add: async () => {},
    };
    const handler = createWebhookHandler({ secret, onEvent, dedupe: store });
    expect(await handler.process(body, svixHeaders(body, { secret }))).toEqual({
      status: 500,
      body: { error: 'dedupe_failed' },
    });
    expect(onEvent).not.toHaveBeenCalled();
  });

  it('with dedupe: false, runs onEvent for every delivery', async () => {
    const onEvent = vi.fn();
    const handler = createWebhookHandler({ secret, onEvent, dedupe: false });
    const headers = svixHeaders(body, { secret, id: 'msg_twice' });
    await handler.process(body, headers);
    await handler.process(body, headers);
    expect(onEvent).toHaveBeenCalledTimes(2);
  });

  it('refuses a malformed secret, poller or onEvent up front', () => {
    expect(() => createWebhookHandler({ secret: 'whsec_***' })).toThrow(/secret/);
    expect(() => createWebhookHandler({ secret, poller: {} as never })).toThrow(/poller/);
    expect(() => createWebhookHandler({ secret, onEvent: 'log' as never })).toThrow(/onEvent/);
  });
});

describe('MemoryWebhookDedupeStore', () => {
  it('keeps at most maxEntries ids, forgetting the oldest first', async () => {
    const store = new MemoryWebhookDedupeStore({ maxEntries: 2 });
    for (const id of ['a', 'b', 'c']) await store.add(id);
    expect([await store.has('a'), await store.has('b'), await store.has('c')]).toEqual([false, true, true]);
    expect(store.size).toBe(2);
  });

  it('forgets an id after ttlMs', async () => {
    const store = new MemoryWebhookDedupeStore({ ttlMs: 20 });
    await store.add('a');
    expect(await store.has('a')).toBe(true);
    await sleep(40);
    expect(await store.has('a')).toBe(false);
    expect(store.size).toBe(0);
  });
});

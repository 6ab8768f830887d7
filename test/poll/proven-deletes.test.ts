/**
 * polling.md, guarantee 2: no `deleted` without positive evidence. Offset paging can hide a record
 * from a listing whose count still matches the total, so a missing record is looked up
 * (`GET /touches/{id}`) before it is reported; a source without a lookup needs two consecutive
 * consistent listings without it.
 */
import { describe, expect, it } from 'vitest';
import {
  type ChangeEvent,
  MassDeleteError,
  PaginationLoopError,
  type Pollable,
  type Poller,
  type SendosoClient,
  type Touch,
} from '../../src/index.js';
import type { Sandbox } from '../../src/testing/index.js';
import { authorizedClient, sandbox } from '../helpers.js';
import { contacts } from '../vdr/contact.js';

const LIST = { method: 'GET', path: '/api/v3/touches' };

async function setup(seed = 250) {
  const s = await sandbox({ seed: { touches: seed }, rateLimit: false });
  const client = await authorizedClient(s, { rateLimit: false });
  return { s, client };
}

/** Records every event as "type id", and every error. */
function watch<T>(poller: Poller<T>) {
  const events: string[] = [];
  const errors: unknown[] = [];
  poller.on('change', (e: ChangeEvent<T>) => {
    events.push(`${e.type} ${e.objectId}`);
  });
  poller.on('error', (err: unknown) => {
    errors.push(err);
  });
  return { events, errors };
}

/** GET /touches/{id} requests since the last clearRequests(). */
const lookups = (s: Sandbox) =>
  s.requests.filter((r) => r.method === 'GET' && /^\/api\/v3\/touches\/\d+$/.test(r.path)).map((r) => r.path);

/**
 * Right after page 1 of the next listing arrives, removes the 5th touch and inserts one: the total
 * stays 250, page 2 starts one record later, and touch 101 slips onto page 1, already read.
 */
function shiftDuringNextListing(s: Sandbox, client: SendosoClient): { inserted: () => string } {
  let inserted = '';
  let armed = true;
  client.on('response', (e) => {
    if (!armed || e.method !== 'GET' || e.path !== '/touches') return;
    armed = false;
    s.data.touches.remove(5);
    inserted = String(s.data.touches.insert({ name: 'Inserted mid-walk' }).id);
  });
  return { inserted: () => inserted };
}

describe('deletes need positive evidence', () => {
  it('a delete and an insert during a pass (total unchanged) give no false delete; the real one follows', async () => {
    const { s, client } = await setup();
    const poller = client.poll('touches', { autoStart: false });
    const { events } = watch(poller);
    await poller.pollOnce();
    const shift = shiftDuringNextListing(s, client);
    s.clearRequests();

    expect(await poller.pollOnce()).toEqual({ created: 1, updated: 0, deleted: 0 });
    expect(events.splice(0)).toEqual([`created ${shift.inserted()}`]);
    expect(s.data.touches.get(101)).toBeDefined();
    // The only extra request: touch 101, which the listing skipped, answered 200.
    expect(lookups(s)).toEqual(['/api/v3/touches/101']);

    s.clearRequests();
    expect(await poller.pollOnce()).toEqual({ created: 0, updated: 0, deleted: 1 });
    expect(events.splice(0)).toEqual(['deleted 5']);
    expect(lookups(s)).toEqual(['/api/v3/touches/5']);

    s.clearRequests();
    expect(await poller.pollOnce()).toEqual({ created: 0, updated: 0, deleted: 0 });
    expect(lookups(s)).toEqual([]); // a quiet pass costs its listing pages only
    await poller.stop();
  });

  it('a stale page 3 (page 1 again, right total) deletes nothing and costs no lookups', async () => {
    const { s, client } = await setup();
    const poller = client.poll('touches', { autoStart: false });
    const { events, errors } = watch(poller);
    await poller.pollOnce();
    const firstPage = s.data.touches.all().slice(0, 100);
    s.faults.next(1, {
      after: 2,
      status: 200,
      match: LIST,
      body: { current_page: 3, per_page: 100, total_posts: 250, touches: firstPage },
    });
    s.clearRequests();
    expect(await poller.pollOnce()).toEqual({ created: 0, updated: 0, deleted: 0 });
    expect(events).toEqual([]);
    expect(lookups(s)).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(PaginationLoopError);
    expect(errors[0]).toMatchObject({ page: 3, reason: 'repeated_page' });
    expect(await poller.pollOnce()).toEqual({ created: 0, updated: 0, deleted: 0 });
    await poller.stop();
  });

  it('a page that repeats part of the one before (a shift) is looked up record by record, never deleted', async () => {
    const { s, client } = await setup();
    const poller = client.poll('touches', { autoStart: false });
    const { events } = watch(poller);
    await poller.pollOnce();
    const all = s.data.touches.all();
    // Page 2 starts 10 records early: 91–190. 191–200 are never seen, although the total is right.
    s.faults.next(1, {
      after: 1,
      status: 200,
      match: LIST,
      body: { current_page: 2, per_page: 100, total_posts: 250, touches: all.slice(90, 190) },
    });
    s.clearRequests();
    expect(await poller.pollOnce()).toEqual({ created: 0, updated: 0, deleted: 0 });
    expect(events).toEqual([]);
    expect(lookups(s)).toHaveLength(10);
    await poller.stop();
  });

  it('real deletes arrive in the next pass, at one GET per missing record', async () => {
    const { s, client } = await setup();
    const poller = client.poll('touches', { autoStart: false });
    const { events } = watch(poller);
    await poller.pollOnce();
    for (const id of [7, 150, 249]) s.data.touches.remove(id);
    s.clearRequests();
    expect(await poller.pollOnce()).toEqual({ created: 0, updated: 0, deleted: 3 });
    expect(events.sort()).toEqual(['deleted 150', 'deleted 249', 'deleted 7']);
    expect(lookups(s).sort()).toEqual(['/api/v3/touches/150', '/api/v3/touches/249', '/api/v3/touches/7']);
    expect(s.requests.filter((r) => r.path === '/api/v3/touches')).toHaveLength(3);
    await poller.stop();
  });

  it('the mass-delete guard holds a vanished listing back before any lookup', async () => {
    const { s, client } = await setup();
    const poller = client.poll('touches', { autoStart: false });
    const { events, errors } = watch(poller);
    await poller.pollOnce();
    for (const touch of s.data.touches.all().slice(0, 200)) s.data.touches.remove(touch.id as number);
    s.clearRequests();
    expect(await poller.pollOnce()).toEqual({ created: 0, updated: 0, deleted: 0 });
    expect(events).toEqual([]);
    expect(errors[0]).toBeInstanceOf(MassDeleteError);
    expect(lookups(s)).toEqual([]);
    poller.allowNextMassDelete();
    expect(await poller.pollOnce()).toEqual({ created: 0, updated: 0, deleted: 200 });
    await poller.stop();
  });

  it('a record that no longer matches the where is deleted (GET shows it left the watched set)', async () => {
    const { s, client } = await setup(30);
    const poller = client.poll('touches', { autoStart: false, where: "currency = 'USD'" });
    const { events } = watch(poller);
    await poller.pollOnce();
    const usd = s.data.touches.all().find((t) => t.currency === 'USD')!;
    s.data.touches.update(usd.id as number, { currency: 'EUR' });
    s.clearRequests();
    expect(await poller.pollOnce()).toEqual({ created: 0, updated: 0, deleted: 1 });
    expect(events).toEqual([`deleted ${usd.id}`]);
    expect(lookups(s)).toEqual([`/api/v3/touches/${usd.id}`]);
    await poller.stop();
  });

  it('without a lookup, a delete needs two consecutive consistent listings (and the shift is harmless)', async () => {
    const { s, client } = await setup();
    const bare: Pollable<Touch> = {
      name: 'touches',
      listAll: (where, options) => client.touches.listAll(where, options),
      idOf: (touch) => String(touch.id),
    };
    const poller = client.poll(bare, { autoStart: false });
    const { events } = watch(poller);
    await poller.pollOnce();
    const shift = shiftDuringNextListing(s, client);
    s.clearRequests();
    expect(await poller.pollOnce()).toEqual({ created: 1, updated: 0, deleted: 0 });
    expect(events.splice(0)).toEqual([`created ${shift.inserted()}`]); // 101 missing once: not proof
    expect(await poller.pollOnce()).toEqual({ created: 0, updated: 0, deleted: 0 }); // 101 back, 5 missing once
    expect(await poller.pollOnce()).toEqual({ created: 0, updated: 0, deleted: 1 });
    expect(events).toEqual(['deleted 5']);
    expect(lookups(s)).toEqual([]);
    await poller.stop();
  });

  it('a VDR module proves deletes through its resource', async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const poller = client.poll(contacts(client), { autoStart: false });
    const { events } = watch(poller);
    await poller.pollOnce();
    const gone = s.data.gifts.all()[2]!.id as number;
    s.data.gifts.remove(gone);
    s.clearRequests();
    expect(await poller.pollOnce()).toEqual({ created: 0, updated: 0, deleted: 1 });
    expect(events).toEqual([`deleted ${gone}`]);
    expect(s.requests.filter((r) => r.path === `/api/v3/send/${gone}`)).toHaveLength(1);
    await poller.stop();
  });
});

describe('a 404 that is not Sendoso speaking about the record', () => {
  it('proves nothing (a get route Sendoso does not serve): deletes wait for two consistent listings', async () => {
    const { s, client } = await setup();
    // GET /send/{id} is a convention, not a documented route: on a server without it every lookup is
    // a web server's "no such route", which says nothing about the send.
    const noRoute = { status: 404, body: { status: 404, error: 'Not Found' } };
    const lookupPath = /^\/api\/v3\/send\/\d+$/;
    const ids = s.data.gifts.all().map((g) => String(g.id));
    const poller = client.poll('gifts', { autoStart: false });
    const { events } = watch(poller);
    await poller.pollOnce();
    let armed = true;
    client.on('response', (e) => {
      if (!armed || e.method !== 'GET' || e.path !== '/send') return;
      armed = false;
      s.data.gifts.remove(ids[4] ?? '');
      s.data.gifts.insert({ status: 'Pending' });
    });
    s.faults.next(1000, { ...noRoute, match: { method: 'GET', path: lookupPath } });
    // The shifted pass: gift 101 was skipped by the listing but exists. Its lookup is a routing 404.
    expect((await poller.pollOnce()).deleted).toBe(0);
    expect(events.filter((e) => e.startsWith('deleted'))).toEqual([]);
    expect(s.data.gifts.get(ids[100] ?? '')).toBeDefined();
    // Quiet passes: gift 5 (really gone) is reported once two consistent listings missed it.
    await poller.pollOnce();
    await poller.pollOnce();
    expect(events.filter((e) => e.startsWith('deleted'))).toEqual([`deleted ${ids[4]}`]);
    s.faults.clear();
  });
});

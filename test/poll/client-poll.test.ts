import { describe, expect, it } from 'vitest';
import { type ChangeEvent, type Touch, ValidationError, where } from '../../src/index.js';
import { authorizedClient, sandbox } from '../helpers.js';

describe('client.poll()', () => {
  it('never reports a record skipped by a listing that shifted mid-walk as deleted', async () => {
    const s = await sandbox({ seed: { touches: 250 }, rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const poller = client.poll('touches', { autoStart: false });
    const events: ChangeEvent<Touch>[] = [];
    poller.on('change', (e) => {
      events.push(e);
    });
    await poller.pollOnce();

    // Page 2 is answered late; meanwhile touch #1 (on page 1, already read) is removed, which
    // shifts touch #101 onto page 1: an offset walk misses it, and must not call it deleted.
    s.faults.next(1, { delayMs: 200, after: 1, match: { method: 'GET', path: '/api/v3/touches' } });
    setTimeout(() => s.data.touches.remove(1), 80);
    expect(await poller.pollOnce()).toEqual({ created: 0, updated: 0, deleted: 0 });
    expect(events).toEqual([]);

    // The next, consistent listing reports the real delete, and only it.
    expect(await poller.pollOnce()).toEqual({ created: 0, updated: 0, deleted: 1 });
    expect(events.map((e) => `${e.type} ${e.objectId}`)).toEqual(['deleted 1']);
    await poller.stop();
  });

  it('a provider page that comes back short of its records (same total) deletes nothing', async () => {
    const s = await sandbox({ seed: { touches: 300 }, rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const poller = client.poll('touches', { autoStart: false, where: "delivery_type = 'email' AND id > 0" });
    const events: string[] = [];
    poller.on('change', (e) => {
      events.push(`${e.type} ${e.objectId}`);
    });
    await poller.pollOnce();
    // Page 2 answers half its records under an unchanged total: 50 records unaccounted for.
    const email = s.data.touches.all().filter((t) => t.delivery_type === 'email');
    s.faults.next(1, {
      after: 1,
      status: 200,
      match: { method: 'GET', path: '/api/v3/touches' },
      body: { current_page: 2, per_page: 100, total_posts: email.length, touches: email.slice(100, 125) },
    });
    expect(await poller.pollOnce()).toEqual({ created: 0, updated: 0, deleted: 0 });
    expect(events).toEqual([]);
    await poller.stop();
  });

  it('lists each provider page once per pass, even with a local filter', async () => {
    const s = await sandbox({ seed: { touches: 250 }, rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const poller = client.poll('touches', { autoStart: false, where: "currency = 'USD'" });
    s.clearRequests();
    await poller.pollOnce();
    // Each page once; pages read ahead may arrive in any order.
    expect(s.requests.map((r) => r.query.page).sort()).toEqual(['1', '2', '3']);
    await poller.stop();
  });

  it('keeps delivering creates and updates while the listing grows during every pass', async () => {
    const s = await sandbox({ seed: { touches: 250 }, rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const poller = client.poll('touches', { autoStart: false, prefetch: 0 });
    const events: string[] = [];
    poller.on('change', (e) => {
      events.push(`${e.type} ${e.objectId}`);
    });
    await poller.pollOnce();
    for (let pass = 0; pass < 3; pass++) {
      s.data.touches.update(5, { name: `renamed ${pass}` });
      s.faults.next(1, { delayMs: 100, after: 1, match: { method: 'GET', path: '/api/v3/touches' } });
      let added = 0;
      setTimeout(() => {
        added = Number(s.data.touches.insert({ name: `new ${pass}` }).id);
      }, 40);
      await poller.pollOnce();
      expect(events.splice(0)).toEqual(['updated 5', `created ${added}`]);
    }
    await poller.stop();
  });

  it('with pages read ahead, a record created mid-pass behind a page already read comes by the next pass', async () => {
    const s = await sandbox({ seed: { touches: 250 }, rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const poller = client.poll('touches', { autoStart: false, prefetch: 3 });
    const events: string[] = [];
    poller.on('change', (e) => {
      events.push(`${e.type} ${e.objectId}`);
    });
    await poller.pollOnce();
    const added: number[] = [];
    const delivered: string[] = [];
    for (let pass = 0; pass < 3; pass++) {
      s.data.touches.update(5, { name: `renamed ${pass}` });
      // Page 2 is answered late, page 3 (read ahead) at once: the insert lands on page 3 after it was read.
      s.faults.next(1, { delayMs: 100, after: 1, match: { method: 'GET', path: '/api/v3/touches' } });
      setTimeout(() => added.push(Number(s.data.touches.insert({ name: `new ${pass}` }).id)), 40);
      await poller.pollOnce();
      const seen = events.splice(0);
      expect(seen[0]).toBe('updated 5');
      // Every record created before the previous pass has been delivered by now.
      for (const id of added.slice(0, pass)) expect(seen.concat(delivered)).toContain(`created ${id}`);
      delivered.push(...seen);
    }
    await poller.pollOnce();
    delivered.push(...events.splice(0));
    expect(delivered.filter((e) => e.startsWith('created')).sort()).toEqual(
      added.map((id) => `created ${id}`).sort(),
    );
    await poller.stop();
  });

  it("accepts the element's resource names, a Where, and refuses an unknown resource", async () => {
    const s = await sandbox({ seed: { returnAddresses: 12, touches: 30 } });
    const client = await authorizedClient(s);
    const addresses = client.poll('return-addresses', { autoStart: false, initial: 'emit' });
    expect(await addresses.pollOnce()).toEqual({ created: 12, updated: 0, deleted: 0 });
    const mail = client.poll('touches', {
      autoStart: false,
      initial: 'emit',
      where: where('delivery_type').eq('mail'),
    });
    const expected = s.data.touches.all().filter((t) => t.delivery_type === 'mail').length;
    expect((await mail.pollOnce()).created).toBe(expected);
    expect(() => client.poll('nonsense' as never)).toThrow(ValidationError);
    await addresses.stop();
    await mail.stop();
  });

  it('the same where written two ways shares one state key', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const a = client.poll('touches', {
      autoStart: false,
      where: "delivery_type='mail' and currency = 'USD'",
    });
    const b = client.poll('touches', {
      autoStart: false,
      where: where('delivery_type').eq('mail').and(where('currency').eq('USD')),
    });
    expect(a.key).toBe(b.key);
  });
});

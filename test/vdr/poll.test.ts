import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { ChangeEvent } from '../../src/index.js';
import { authorizedClient, sandbox } from '../helpers.js';
import { type Contact, contactOf, contacts } from './contact.js';

describe('polling a VDR', () => {
  it('emits mapped objects, VDR field names in changedFields, and the VDR name as resource', async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const poller = client.poll(contacts(client), { autoStart: false, ignoreFields: ['updated_at'] });
    const events: ChangeEvent<z.infer<typeof Contact>>[] = [];
    poller.on('change', async (event) => {
      events.push(event);
    });
    try {
      expect(await poller.pollOnce()).toEqual({ created: 0, updated: 0, deleted: 0 });

      const target = s.data.gifts.all()[3]!;
      const recipient = target.recipient as Record<string, unknown>;
      s.data.gifts.update(target.id as number, { recipient: { ...recipient, company_name: 'Hooli' } });
      const inserted = s.data.gifts.insert({
        ...target,
        id: 990_001,
        recipient: { name: 'New Person', email: 'new@hooli.example', company_name: 'Hooli' },
      });

      expect(await poller.pollOnce()).toEqual({ created: 1, updated: 1, deleted: 0 });
      const updated = events.find((e) => e.type === 'updated');
      expect(updated).toMatchObject({
        resource: 'contact',
        objectId: String(target.id),
        changedFields: ['company'],
      });
      expect(updated?.object).toMatchObject({ company: 'Hooli', email: recipient.email });
      const created = events.find((e) => e.type === 'created');
      expect(created).toMatchObject({ resource: 'contact', objectId: '990001' });
      expect(created?.object).toEqual(contactOf(inserted));
    } finally {
      await poller.stop();
    }
  });

  it('a poll where in VDR names watches only matching contacts', async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const poller = client.poll(contacts(client), {
      autoStart: false,
      initial: 'emit',
      where: "company = 'Contoso'",
    });
    const ids: string[] = [];
    poller.on('created', async (event) => {
      ids.push(event.objectId);
    });
    try {
      await poller.pollOnce();
      const expected = s.data.gifts
        .all()
        .filter((g) => (g.recipient as { company_name: string }).company_name === 'Contoso')
        .map((g) => String(g.id));
      expect(expected.length).toBeGreaterThan(0);
      expect(ids.sort()).toEqual(expected.sort());
    } finally {
      await poller.stop();
    }
  });
});

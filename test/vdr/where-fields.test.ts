import { describe, expect, it } from 'vitest';
import { type SendosoClient, ValidationError, where } from '../../src/index.js';
import { authorizedClient, sandbox } from '../helpers.js';
import { contacts } from './contact.js';

const setup = async () => {
  const s = await sandbox({ rateLimit: false });
  const client = await authorizedClient(s, { rateLimit: false });
  s.clearRequests();
  return { s, client, contacts: contacts(client) };
};

/** The ValidationError `attempt` throws or rejects with (failing the test when there is none). */
async function refusal(attempt: () => unknown): Promise<ValidationError> {
  const err = await (async () => attempt())().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ValidationError);
  return err as ValidationError;
}

describe('VDR where fields, with pass-through on', () => {
  it('refuses a field that is neither mapped nor declared by the resource, before any request', async () => {
    const { s, contacts } = await setup();
    const err = await refusal(() => contacts.list(where('emial').eq('ada@example.com')));
    expect(err.issues).toEqual([
      { path: 'emial', message: expect.stringMatching(/did you mean "email"\?$/) },
    ]);
    expect(err.issues[0]?.message).toMatch(/neither a field of this VDR nor one the gifts schema declares/);
    const nested = await refusal(() =>
      contacts.listAll("recipient.nmae = 'Ada'")[Symbol.asyncIterator]().next(),
    );
    expect(nested.issues.map((i) => i.path)).toEqual(['recipient.nmae']);
    expect(s.requests).toEqual([]);
  });

  it('accepts pass-through fields the resource schema declares, nested and indexed ones too', async () => {
    const { s, contacts } = await setup();
    const target = s.data.gifts.all()[3] as { recipient: { name: string } };
    const page = await contacts.list(
      where('recipient.name').eq(target.recipient.name).and(where('status_updates.0.status').eq('Pending')),
    );
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((c) => (c.recipient as { name: string }).name === target.recipient.name)).toBe(
      true,
    );
  });

  it('accepts any field over objects:, which has no schema to check against', async () => {
    const s = await sandbox({ rateLimit: false });
    s.data.collection('widgets').insert({ name: 'sprocket', colour: 'red' });
    s.data.collection('widgets').insert({ name: 'gear', colour: 'blue' });
    const client = await authorizedClient(s, { rateLimit: false });
    const widgets = client.vdr('widget', { objects: 'widgets', fields: { title: 'name' } });
    const red = await widgets.list(where('colour').eq('red'));
    expect(red.items).toMatchObject([{ title: 'sprocket', colour: 'red' }]);
  });
});

describe('the resource under a VDR', () => {
  const issuesOf = (client: SendosoClient, definition: unknown) => {
    try {
      client.vdr('contact', definition as never);
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).issues;
    }
    throw new Error('expected a ValidationError');
  };

  it('refuses a resource the element does not have, suggesting the near one or objects:', async () => {
    const { s, client } = await setup();
    expect(issuesOf(client, { resource: 'gift', fields: { email: 'recipient.email' } })).toEqual([
      {
        path: 'resource',
        message: expect.stringMatching(
          /^unknown element resource "gift"; did you mean "gifts"\?.*objects: "gift"/,
        ),
      },
    ]);
    const nope = issuesOf(client, { resource: 'nope', fields: { a: 'b' } });
    expect(nope).toEqual([{ path: 'resource', message: expect.stringContaining('use objects: "nope"') }]);
    expect(nope[0]?.message).toContain('touches, groups, gifts');
    expect(issuesOf(client, { resource: 'gifts', objects: 'gifts', fields: { a: 'b' } })).toEqual([
      { path: 'objects', message: expect.stringContaining('not both') },
    ]);
    expect(s.requests).toEqual([]);
  });

  it('reads another object name only when objects: names it', async () => {
    const { s, client } = await setup();
    s.data.collection('nope').insert({ label: 'found' });
    const vdr = client.vdr('thing', { objects: 'nope', fields: { title: 'label' } });
    expect((await vdr.list()).items).toMatchObject([{ title: 'found' }]);
    expect(s.requests.map((r) => r.path)).toEqual(['/api/v3/nope']);
    // The element's own names still work, hyphenated as the element wrote them too.
    expect(() =>
      client.vdr('address', { resource: 'return-addresses', fields: { city: 'city' } }),
    ).not.toThrow();
  });
});

describe('typed where on a VDR', () => {
  it('takes the field names of the schema, and fails to compile on a typo', async () => {
    const { contacts } = await setup();
    const recent = contacts.where('sentAt').gte(new Date('2022-09-13'));
    expect(String(recent)).toBe("sentAt >= '2022-09-13T00:00:00.000Z'");
    // @ts-expect-error emial is not a field of a contact
    const typo = () => contacts.where('emial');
    expect(typo).toBeTypeOf('function');
    const found = await contacts.list(contacts.where('company').eq('Globex'));
    expect(found.items.every((c) => c.company === 'Globex')).toBe(true);
  });
});

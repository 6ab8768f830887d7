import { describe, expect, it } from 'vitest';
import { SendosoClient, ValidationError, where } from '../../src/index.js';
import { authorizedClient, requestsTo, sandbox } from '../helpers.js';

/** The issues `client.vdr(name, definition)` throws, failing the test if it does not throw. */
function issuesOf(client: SendosoClient, definition: unknown, name = 'contact') {
  try {
    client.vdr(name, definition as never);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues;
  }
  throw new Error('expected a ValidationError');
}

const paths = (issues: { path: string }[]) => issues.map((i) => i.path).sort();

describe('VDR definitions', () => {
  const client = new SendosoClient({ baseUrl: 'http://127.0.0.1:9', logLevel: 'off' });

  it('an unknown type, a path that is not a string and a field mapped twice are reported together', () => {
    const issues = issuesOf(client, {
      resource: 'gifts',
      fields: {
        email: 'recipient.email',
        sentAt: { path: 'created_at', type: 'datetime' },
        company: { path: 42 },
        mail: 'recipient.email',
      },
    });
    expect(paths(issues)).toEqual(['fields.company.path', 'fields.mail', 'fields.sentAt.type']);
    expect(issues.find((i) => i.path === 'fields.sentAt.type')?.message).toMatch(
      /string, number, boolean, date/,
    );
    expect(issues.find((i) => i.path === 'fields.mail')?.message).toMatch(/recipient\.email.*fields\.email/);
  });

  it.each([
    ['a missing resource', { fields: { a: 'b' } }, ['resource']],
    ['an empty resource', { resource: '', fields: { a: 'b' } }, ['resource']],
    ['no fields', { resource: 'gifts', fields: {} }, ['fields']],
    ['fields that are not an object', { resource: 'gifts', fields: 'email' }, ['fields']],
    ['an empty path', { resource: 'gifts', fields: { email: '' } }, ['fields.email.path']],
    ['a malformed path', { resource: 'gifts', fields: { email: 'recipient..email' } }, ['fields.email.path']],
    ['a prototype path', { resource: 'gifts', fields: { x: '__proto__.polluted' } }, ['fields.x.path']],
    ['a field name that is not a path', { resource: 'gifts', fields: { 'e-mail': 'a' } }, ['fields.e-mail']],
    ['a spec of the wrong kind', { resource: 'gifts', fields: { email: 7 } }, ['fields.email']],
    [
      'an unknown spec key',
      { resource: 'gifts', fields: { email: { path: 'a', kind: 'x' } } },
      ['fields.email'],
    ],
    [
      'a format on a non-date',
      { resource: 'gifts', fields: { n: { path: 'a', type: 'number', format: 'iso' } } },
      ['fields.n.format'],
    ],
    [
      'an unknown date format',
      { resource: 'gifts', fields: { d: { path: 'a', type: 'date', format: 'unix' } } },
      ['fields.d.format'],
    ],
    [
      'vendor paths inside one another',
      { resource: 'gifts', fields: { r: 'recipient', e: 'recipient.email' } },
      ['fields.e'],
    ],
    [
      'array paths written two ways',
      { resource: 'gifts', fields: { a: 'x[0].y', b: 'x.0.y' } },
      ['fields.b'],
    ],
    [
      'field names inside one another',
      { resource: 'gifts', fields: { address: 'a', 'address.city': 'b' } },
      ['fields.address.city'],
    ],
    [
      'passThrough that is not a boolean',
      { resource: 'gifts', fields: { a: 'b' }, passThrough: 'yes' },
      ['passThrough'],
    ],
    [
      'a transform that is not a function',
      { resource: 'gifts', fields: { a: 'b' }, transform: { toVendor: 'x' } },
      ['transform.toVendor'],
    ],
    [
      'a schema that is not zod',
      { resource: 'gifts', fields: { a: 'b' }, schema: { parse() {} } },
      ['schema'],
    ],
    ['an unknown key', { resource: 'gifts', fields: { a: 'b' }, mappings: {} }, ['']],
  ])('%s is a ValidationError at definition time', (_what, definition, expected) => {
    expect(paths(issuesOf(client, definition))).toEqual(expected);
  });

  it('a definition that is not an object, and a bad VDR name, are ValidationErrors too', () => {
    expect(paths(issuesOf(client, null))).toEqual(['']);
    expect(paths(issuesOf(client, { resource: 'gifts', fields: { a: 'b' } }, ''))).toEqual(['name']);
  });

  it('nothing is requested for an invalid definition', async () => {
    const s = await sandbox({ rateLimit: false });
    const c = await authorizedClient(s, { rateLimit: false });
    const before = s.requests.length;
    expect(() =>
      c.vdr('contact', { resource: 'gifts', fields: { a: { path: 'b', type: 'uuid' } } } as never),
    ).toThrow(ValidationError);
    expect(s.requests.length).toBe(before);
  });

  it('a definition loaded from JSON works like one written in code', async () => {
    const s = await sandbox({ rateLimit: false });
    const c = await authorizedClient(s, { rateLimit: false });
    const json = `{
      "resource": "gifts",
      "description": "who we sent to",
      "passThrough": false,
      "fields": {
        "id": { "path": "id", "type": "number" },
        "email": "recipient.email",
        "cost": { "path": "current_total_cost", "type": "number" },
        "firstStatus": "status_updates[0].status",
        "sentAt": { "path": "created_at", "type": "date", "format": "iso" }
      }
    }`;
    const contacts = c.vdr('contact', JSON.parse(json));
    const page = await contacts.list({ where: where('cost').gt(50), pageSize: 5 });
    const expected = s.data.gifts
      .all()
      .filter((g) => Number(g.current_total_cost) > 50)
      .slice(0, 5)
      .map((g) => ({
        id: g.id,
        email: (g.recipient as { email: string }).email,
        cost: Number(g.current_total_cost),
        firstStatus: 'Pending',
        sentAt: new Date(String(g.created_at)),
      }));
    expect(expected).toHaveLength(5);
    expect(page.items).toEqual(expected);
    expect(requestsTo(s, '/api/v3/send').length).toBeGreaterThan(0);
  });
});

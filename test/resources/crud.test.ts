import { describe, expect, it } from 'vitest';
import { NotFoundError, type SendosoClient, ValidationError } from '../../src/index.js';
import type { SandboxResource } from '../../src/testing/index.js';
import { authorizedClient, sandbox } from '../helpers.js';

type Crud = {
  list(): PromiseLike<{ items: unknown[] }>;
  get(id: string | number): Promise<unknown>;
  create(body: never): Promise<unknown>;
  update(id: string | number, patch: never): Promise<unknown>;
  delete(id: string | number): Promise<void>;
};

type Case = {
  resource: SandboxResource;
  module: (c: SendosoClient) => Crud;
  path: string;
  create: Record<string, unknown>;
  update: Record<string, unknown>;
  bad: unknown;
  notFound: RegExp;
};

const cases: Case[] = [
  {
    resource: 'touches',
    module: (c) => c.touches as unknown as Crud,
    path: '/touches',
    create: { name: 'Q4 thank-you', delivery_type: 'mail' },
    update: { name: 'Q4 thank-you (renamed)' },
    bad: { name: 42 },
    notFound: /^Touch not found$/,
  },
  {
    resource: 'groups',
    module: (c) => c.groups as unknown as Crud,
    path: '/groups',
    create: { name: 'EMEA sales', monthly_budget: '5000' },
    update: { name: 'EMEA field sales' },
    bad: { name: '' },
    notFound: /^Group not found!$/,
  },
  {
    resource: 'users',
    module: (c) => c.users as unknown as Crud,
    path: '/users',
    create: {
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.com',
      role: 'regular',
      team_group_id: 1,
    },
    update: { first_name: 'Augusta' },
    bad: { first_name: 'Ada', last_name: 'L', email: 'not-an-email', role: 'admin', team_group_id: 1 },
    notFound: /not found/i,
  },
  {
    resource: 'returnAddresses',
    module: (c) => c.returnAddresses as unknown as Crud,
    path: '/return_addresses',
    create: { name: 'HQ', address: '1 Main St', city: 'San Francisco', zip: '94105', country: 'US' },
    update: { city: 'Oakland' },
    bad: { name: 'HQ' },
    notFound: /not found/i,
  },
  {
    resource: 'journals',
    module: (c) => c.journals as unknown as Crud,
    path: '/journals',
    create: { amount: '125.50', currency: 'USD', description: 'Top-up' },
    update: { description: 'Budget top-up' },
    bad: { amount: { value: 1 } },
    notFound: /not found/i,
  },
  {
    resource: 'payments',
    module: (c) => c.payments as unknown as Crud,
    path: '/payments',
    create: { amount: 300, currency: 'USD' },
    update: { status: 'settled' },
    bad: { amount: 10, currency: 'DOLLARS' },
    notFound: /not found/i,
  },
  {
    resource: 'purchaseOrders',
    module: (c) => c.purchaseOrders as unknown as Crud,
    path: '/purchase_orders',
    create: { po_number: 'PO-1001', amount: '5000.00', currency: 'USD' },
    update: { amount: '5500.00' },
    bad: { amount: '1' },
    notFound: /not found/i,
  },
  {
    resource: 'taxRates',
    module: (c) => c.taxRates as unknown as Crud,
    path: '/tax_rates',
    create: { name: 'CA sales tax', rate: '7.25', country: 'US', region: 'CA' },
    update: { rate: '7.5' },
    bad: { name: 'x', rate: null },
    notFound: /not found/i,
  },
];

describe.each(cases)('$resource', (c) => {
  it('lists, gets, creates, updates and deletes', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const mod = c.module(client);
    const page = await mod.list();
    expect(page.items.length).toBeGreaterThan(0);
    const first = page.items[0] as { id: number };
    expect(await mod.get(first.id)).toMatchObject({ id: first.id });

    const created = (await mod.create(c.create as never)) as Record<string, unknown>;
    if (c.resource === 'users') {
      expect(created).toMatchObject({ receiver_email: c.create.email });
    } else {
      expect(created).toMatchObject(c.create);
      const id = created.id as number;
      expect(s.data[c.resource].get(id)).toMatchObject(c.create);
      expect(await mod.update(id, c.update as never)).toMatchObject({ id, ...c.update });
      expect(s.data[c.resource].get(id)).toMatchObject(c.update);
      await mod.delete(id);
      expect(s.data[c.resource].get(id)).toBeUndefined();
    }
  });

  it("404 is a NotFoundError with Sendoso's message", async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const mod = c.module(client);
    for (const call of [
      () => mod.get(987_654),
      () => mod.update(987_654, {} as never),
      () => mod.delete(987_654),
    ]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NotFoundError);
      expect((err as NotFoundError).message).toMatch(c.notFound);
      expect((err as NotFoundError).status).toBe(404);
    }
  });

  it('a bad body is a ValidationError naming the field, and nothing is sent', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const mod = c.module(client);
    s.clearRequests();
    const err = await mod.create(c.bad as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.length).toBeGreaterThan(0);
    expect(await mod.update(1, 'nope' as never).catch((e: unknown) => e)).toBeInstanceOf(ValidationError);
    expect(await mod.get('' as never).catch((e: unknown) => e)).toBeInstanceOf(ValidationError);
    expect(s.requests).toEqual([]);
  });
});

describe('gifts', () => {
  const egift = {
    touch_id: 1,
    via: 'single_email_address',
    via_from: 'tests',
    email: 'grace@example.com',
  } as const;

  it('lists and gets sends; create is POST /send with { send } and answers the tracking code', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const page = await client.gifts.list();
    expect(page.total).toBe(250);
    const one = page.items[0];
    expect(await client.gifts.get(one?.id ?? 0)).toMatchObject({ id: one?.id });
    s.clearRequests();
    const result = await client.gifts.create(egift);
    expect(result.tracking_code).toMatch(/^[0-9a-f]{40}$/);
    expect(s.requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/api/v3/send', { send: egift }],
    ]);
    expect(s.data.gifts.all()).toHaveLength(251);
  });

  it('validates each `via` variant before sending', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.clearRequests();
    const physical = {
      touch_id: 1,
      via: 'single_person_or_company',
      via_from: 'tests',
      name: 'Ada',
      address: '1 Rue de Rivoli',
      city: 'Paris',
      zip: '75001',
      country: 'FR',
    } as const;
    const err = (await client.gifts.create(physical).catch((e: unknown) => e)) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.issues).toEqual([
      { path: 'mobile_no', message: 'is required when the country is not the US' },
    ]);
    const collection = {
      touch_id: 1,
      via: 'single_person_or_company',
      via_from: 'tests',
      email: 'ada@example.com',
      no_address: true,
      confirm_address: true,
      address_confirmation_via: 'email',
      expire_after_days: 9,
    } as const;
    const err2 = (await client.gifts.create(collection).catch((e: unknown) => e)) as ValidationError;
    expect(err2.issues.map((i) => i.path)).toEqual(['expire_after_days']);
    const err3 = (await client.gifts
      .create({ ...egift, via: 'carrier_pigeon' } as never)
      .catch((e: unknown) => e)) as ValidationError;
    expect(err3.issues.map((i) => i.path)).toEqual(['via']);
    expect(s.requests).toEqual([]);

    await client.gifts.create({ ...physical, mobile_no: '+33 1 23 45 67 89' });
    await client.gifts.create({ ...collection, expire_after_days: 5 });
    expect(s.requests.filter((r) => r.status === 200)).toHaveLength(2);
  });

  it('sends { send } exactly once even when the sandbox answers 500', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.faults.next(1, { status: 500, match: { method: 'POST', path: '/api/v3/send' } });
    await expect(client.gifts.create(egift)).rejects.toThrow();
    expect(s.requests.filter((r) => r.method === 'POST' && r.path === '/api/v3/send')).toHaveLength(1);
  });

  it("an unknown touch is a NotFoundError with Sendoso's message", async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const err = await client.gifts.create({ ...egift, touch_id: 999_999 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as Error).message).toBe('Touch not found');
  });

  it('generates eGift links', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const result = await client.gifts.generateEgiftLinks({
      touch_id: 1,
      via_from: 'tests',
      recipient_users: [{ email: 'a@example.com' }, { email: 'b@example.com' }],
    });
    expect(result.egift_links.map((l) => l.recipient_email_or_phone_number)).toEqual([
      'a@example.com',
      'b@example.com',
    ]);
    const sent = s.requests.find((r) => r.path === '/api/v3/send/generate_egift_links');
    expect(sent?.body).toMatchObject({ send: { via: 'generate_egift_links', touch_id: 1 } });
    await expect(
      client.gifts.generateEgiftLinks({ touch_id: 1, via_from: 'tests', recipient_users: [] }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('404s on every get route', () => {
  it.each([
    ['touches', (c: SendosoClient) => c.touches.get(424_242), /^Touch not found$/],
    ['groups', (c: SendosoClient) => c.groups.get(424_242), /^Group not found!$/],
    ['gifts', (c: SendosoClient) => c.gifts.get(424_242), /not found/i],
    ['users', (c: SendosoClient) => c.users.get(424_242), /not found/i],
    ['bulkJobs', (c: SendosoClient) => c.bulkJobs.get(424_242), /not found/i],
    ['objects', (c: SendosoClient) => c.objects('widgets').get(424_242), /not found/i],
  ] as const)('%s', async (_, call, message) => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const err = await call(client).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).message).toMatch(message);
    expect((err as NotFoundError).requestId).toBeTruthy();
  });

  it('gifts and users update and delete through their conventional routes', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const gift = s.data.gifts.all()[0];
    const user = s.data.users.all()[0];
    expect(await client.gifts.update(gift?.id as number, { status: 'Delivered' })).toMatchObject({
      status: 'Delivered',
    });
    expect(await client.users.update(user?.id as number, { first_name: 'Ada' })).toMatchObject({
      first_name: 'Ada',
    });
    await client.gifts.delete(gift?.id as number);
    await client.users.delete(user?.id as number);
    expect(s.data.gifts.get(gift?.id as number)).toBeUndefined();
    expect(s.data.users.get(user?.id as number)).toBeUndefined();
  });
});

describe('other resources', () => {
  it('me() reads the current user', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const me = await client.me();
    expect(me).toMatchObject({ id: expect.anything(), email: expect.stringContaining('@') });
  });

  it("groups.members(id) lists a group's members (a bare array) and 404s for an unknown group", async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const group = (await client.groups.list()).items[0];
    const members = await client.groups.members(group?.id ?? 0);
    expect(members.items.length).toBe(5);
    const err = await client.groups.members(999_999).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as Error).message).toBe('Group not found!');
  });

  it('bulkJobs lists (a bare array, paged) and gets', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const ids: unknown[] = [];
    for await (const job of client.bulkJobs.list({ pageSize: 7 })) ids.push(job.id);
    expect(ids).toEqual(s.data.bulkJobs.all().map((j) => j.id));
    expect(await client.bulkJobs.get(ids[0] as number)).toMatchObject({ id: ids[0] });
    const untyped = client.bulkJobs as unknown as { create(body: unknown): Promise<unknown> };
    await expect(untyped.create({})).rejects.toThrow(/bulkJobs does not support create/);
  });

  it('objects(name) reaches /{name} and children(id, child) reaches /{name}/{id}/{child}', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const widgets = client.objects('widgets');
    const created = await widgets.create({ name: 'sprocket' });
    expect(created).toMatchObject({ name: 'sprocket' });
    expect((await widgets.list()).items).toHaveLength(1);
    s.data.collection(`widgets/${created.id}/parts`).insert({ name: 'cog' });
    const parts = await widgets.children(created.id ?? 0, 'parts').list();
    expect(parts.items).toMatchObject([{ name: 'cog' }]);
    expect(s.requests.some((r) => r.path === `/api/v3/widgets/${created.id}/parts`)).toBe(true);
  });

  it('objects(name) and its children do the whole CRUD, 404s and body checks', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    const widgets = client.objects('widgets');
    const made = await widgets.create({ name: 'sprocket', size: 3 });
    const id = made.id as number;
    expect(await widgets.get(id)).toMatchObject({ id, name: 'sprocket', size: 3 });
    expect(await widgets.update(id, { size: 4 })).toMatchObject({ id, size: 4 });
    await widgets.delete(id);
    const gone = await widgets.get(id).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(NotFoundError);
    s.clearRequests();
    expect(await widgets.create('nope' as never).catch((e: unknown) => e)).toBeInstanceOf(ValidationError);
    expect(s.requests).toEqual([]);

    const parent = await widgets.create({ name: 'frame' });
    const parts = widgets.children(parent.id as number, 'parts');
    const part = await parts.create({ name: 'cog' });
    expect((await parts.list()).items).toMatchObject([{ name: 'cog' }]);
    expect(await parts.update(part.id as number, { name: 'gear' })).toMatchObject({ name: 'gear' });
    expect(await parts.get(part.id as number)).toMatchObject({ name: 'gear' });
    await parts.delete(part.id as number);
    expect((await parts.list()).items).toEqual([]);
  });

  it('a route override reaches the overridden path', async () => {
    const s = await sandbox();
    s.data.collection('campaigns').insert({ name: 'From the override', delivery_type: 'mail' });
    const client = await authorizedClient(s, {
      resources: {
        touches: { list: { path: '/campaigns', itemsKey: 'campaigns', totalKey: 'total_count' } },
      },
    });
    const page = await client.touches.list();
    expect(page.items.map((t) => t.name)).toEqual(['From the override']);
    expect(s.requests.filter((r) => r.path.startsWith('/api/v3/')).map((r) => r.path)).toEqual([
      '/api/v3/campaigns',
    ]);
  });

  it('percent-encodes path parameters: get("../me") never reaches /me', async () => {
    const s = await sandbox();
    const client = await authorizedClient(s);
    s.clearRequests();
    const err = await client.touches.get('../me').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(s.requests.map((r) => r.path)).toEqual(['/api/v3/touches/..%2Fme']);
  });
});

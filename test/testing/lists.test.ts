import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/testing/index.js';
import { api, type Envelope, type Item, issueToken } from './helpers.js';

let sandbox: Sandbox;
let token: string;
beforeAll(async () => {
  sandbox = await createSandbox({ rateLimit: false });
  token = (await issueToken(sandbox)).access_token;
});
afterAll(() => sandbox.close());

const list = (path: string) => api<Envelope>(sandbox, token, path);
const ids = (items: unknown) => (items as Item[]).map((item) => item.id);

describe('list envelopes, exactly as Sendoso documents them', () => {
  it.each([
    ['/touches', 'total_posts', 'touches', 250],
    ['/groups', 'total_groups', 'groups', 120],
    ['/send', 'total_count', 'sends', 250],
    ['/users', 'total_users', 'users', 120],
    ['/return_addresses', 'total_count', 'return_addresses', 30],
    ['/journals', 'total_count', 'journals', 30],
    ['/payments', 'total_count', 'payments', 30],
    ['/purchase_orders', 'total_count', 'purchase_orders', 30],
    ['/tax_rates', 'total_count', 'tax_rates', 30],
  ])('GET %s → {current_page, per_page, %s, %s}', async (path, totalKey, listKey, total) => {
    const { status, body } = await list(path);
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['current_page', 'per_page', totalKey, listKey]);
    expect(body).toMatchObject({ current_page: 1, per_page: 25, [totalKey]: total });
    expect(body[listKey]).toHaveLength(25);
  });

  it('answers /bulk/jobs with a bare array page', async () => {
    const first = await list('/bulk/jobs?per_page=20');
    const second = await list('/bulk/jobs?per_page=20&page=2');
    expect(Array.isArray(first.body)).toBe(true);
    expect(first.body).toHaveLength(20);
    expect(second.body).toHaveLength(10);
    expect(ids(second.body)).toEqual(
      sandbox.data.bulkJobs
        .all()
        .slice(20)
        .map((job) => job.id),
    );
  });

  it('answers GET /groups/{id}/members with a bare array, and the documented 404', async () => {
    const groupId = sandbox.data.groups.all()[0]?.id;
    const members = await api<Item[]>(sandbox, token, `/groups/${groupId}/members`);
    expect(members.status).toBe(200);
    expect(members.body).toHaveLength(5);
    expect(members.body[0]).toMatchObject({ team_group_id: groupId, sandbox: false });
    const missing = await api(sandbox, token, '/groups/999999/members');
    expect(missing).toMatchObject({ status: 404, body: { message: 'Group not found!' } });
    expect(missing.body).not.toHaveProperty('success');
  });
});

describe('paging', () => {
  it('walks every touch exactly once, in order, 100 at a time', async () => {
    const seen: unknown[] = [];
    for (let page = 1; ; page++) {
      const { body } = await list(`/touches?page=${page}&per_page=100`);
      const items = body.touches as Item[];
      if (items.length === 0) break;
      expect(body.current_page).toBe(page);
      seen.push(...ids(items));
    }
    expect(seen).toEqual(sandbox.data.touches.all().map((t) => t.id));
    expect(new Set(seen).size).toBe(250);
  });

  it('clamps per_page to 100 and reports the clamped value', async () => {
    const { body } = await list('/touches?per_page=500');
    expect(body.per_page).toBe(100);
    expect(body.touches).toHaveLength(100);
  });

  it('answers a page past the end with an empty array under the key', async () => {
    const { status, body } = await list('/groups?page=99');
    expect(status).toBe(200);
    expect(body).toMatchObject({ current_page: 99, total_groups: 120, groups: [] });
  });

  it.each(['page=0', 'page=-1', 'page=abc', 'per_page=0', 'per_page=1.5', 'per_page='])(
    'answers 400 to %s',
    async (query) => {
      const { status, body } = await list(`/touches?${query}`);
      expect(status).toBe(400);
      expect(body).toMatchObject({ success: false, message: expect.stringMatching(/page/) });
    },
  );

  it('filters touches by delivery_type on the server, paging over the filtered list', async () => {
    const mail = sandbox.data.touches.all().filter((t) => t.delivery_type === 'mail');
    const first = await list('/touches?delivery_type=mail&per_page=100');
    const second = await list('/touches?delivery_type=mail&per_page=100&page=2');
    expect(first.body.total_posts).toBe(mail.length);
    expect([...ids(first.body.touches), ...ids(second.body.touches)]).toEqual(mail.map((t) => t.id));
    const email = await list('/touches?delivery_type=email&per_page=100');
    expect((email.body.touches as Item[]).every((t) => t.delivery_type === 'email')).toBe(true);
  });

  it('sees records changed through sandbox.data in the next filtered page', async () => {
    const before = (await list('/touches?delivery_type=email')).body.total_posts as number;
    const touch = sandbox.data.touches.insert({ name: 'New email touch', delivery_type: 'email' });
    expect((await list('/touches?delivery_type=email')).body.total_posts).toBe(before + 1);
    sandbox.data.touches.remove(touch.id as number);
    expect((await list('/touches?delivery_type=email')).body.total_posts).toBe(before);
  });
});

describe('generated data', () => {
  it('varies touches as the brief says: names, delivery types, currencies, increasing created_at', async () => {
    const touches = sandbox.data.touches.all();
    expect(touches[16]).toMatchObject({ id: 17, name: 'Touch 17' });
    expect(new Set(touches.map((t) => t.delivery_type))).toEqual(new Set(['mail', 'email']));
    expect(new Set(touches.map((t) => t.currency))).toEqual(new Set(['USD', 'EUR']));
    const active = touches.filter((t) => t.status === 'Active').length;
    expect(active / touches.length).toBeGreaterThan(0.8);
    const created = touches.map((t) => Date.parse(String(t.created_at)));
    expect(created).toEqual([...created].sort((a, b) => a - b));
    expect(String(touches[0]?.created_at)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-07:00$/);
  });

  it('varies send recipients and points sends at seeded touches', async () => {
    const sends = sandbox.data.gifts.all();
    expect(new Set(sends.map((s) => (s.recipient as Item).email)).size).toBe(sends.length);
    expect(new Set(sends.map((s) => (s.recipient as Item).company_name)).size).toBeGreaterThan(3);
    for (const send of sends.slice(0, 20)) {
      expect(sandbox.data.touches.get((send.touch as Item).id as number)).toBeDefined();
    }
  });

  it('generates the same records for the same seed', async () => {
    const twin = await createSandbox({ rateLimit: false });
    try {
      expect(twin.data.touches.all()).toEqual(sandbox.data.touches.all().slice(0, 250));
      expect(twin.data.gifts.all().slice(0, 50)).toEqual(sandbox.data.gifts.all().slice(0, 50));
    } finally {
      await twin.close();
    }
  });
});

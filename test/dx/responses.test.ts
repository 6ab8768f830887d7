import { describe, expect, it } from 'vitest';
import { ApiError, ApiPromise, NotFoundError, type ResponseInfo, ValidationError } from '../../src/index.js';
import type { Sandbox } from '../../src/testing/index.js';
import { authorizedClient, sandbox } from '../helpers.js';
import { knownRecipient, marketplaceClient } from '../marketplace/helpers.js';

/** The sandbox's log entry that answered with this response's X-Request-Id. */
function loggedFor(s: Sandbox, response: ResponseInfo) {
  expect(response.requestId).toMatch(/^[0-9a-f-]{36}$/);
  const entries = s.requests.filter((r) => r.requestId === response.requestId);
  expect(entries).toHaveLength(1);
  return entries[0];
}

describe('withResponse() and asResponse()', () => {
  it('get, list, create and me() give the X-Request-Id the sandbox answered that very call with', async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });

    const got = await client.touches.get(3).withResponse();
    expect(got.data).toMatchObject({ id: 3 });
    expect(loggedFor(s, got.response)).toMatchObject({
      method: 'GET',
      path: '/api/v3/touches/3',
      status: 200,
    });
    expect(got.response.status).toBe(200);
    expect(got.response.headers['content-type']).toMatch(/application\/json/);
    expect(got.response.elapsedMs).toBeGreaterThanOrEqual(0);

    const listed = await client.touches.list({ pageSize: 5 }).withResponse();
    expect(listed.data.items).toHaveLength(5);
    expect(listed.data.response).toBe(listed.response);
    expect(loggedFor(s, listed.response)).toMatchObject({ method: 'GET', path: '/api/v3/touches' });

    const created = await client.touches.create({ name: 'Q4 outreach' }).withResponse();
    expect(created.data).toMatchObject({ name: 'Q4 outreach' });
    expect(loggedFor(s, created.response)).toMatchObject({ method: 'POST', path: '/api/v3/touches' });

    const me = await client.me().withResponse();
    expect(me.data).toHaveProperty('email');
    expect(loggedFor(s, me.response)).toMatchObject({ method: 'GET', path: '/api/v3/me' });

    const alone = await client.me().asResponse();
    expect(alone.requestId).not.toBe(me.response.requestId);
    expect(loggedFor(s, alone)).toMatchObject({ path: '/api/v3/me', status: 200 });
  });

  it('concurrent calls each get their own response', async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const ids = [1, 2, 3, 4, 5, 6];
    const results = await Promise.all(ids.map((id) => client.touches.get(id).withResponse()));
    for (const [index, { data, response }] of results.entries()) {
      expect(data.id).toBe(ids[index]);
      expect(loggedFor(s, response)?.path).toBe(`/api/v3/touches/${ids[index]}`);
    }
  });

  it('after a retry, the response is the attempt Sendoso answered, not the one that failed', async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    s.faults.next(1, { status: 503, match: { path: '/api/v3/touches/2' } });
    const { response } = await client.touches.get(2).withResponse();
    const attempts = s.requests.filter((r) => r.path === '/api/v3/touches/2');
    expect(attempts.map((r) => r.status)).toEqual([503, 200]);
    expect(response.requestId).toBe(attempts[1]?.requestId);
    expect(response.status).toBe(200);
  });

  it('every method of every module offers them', async () => {
    const s = await sandbox({ rateLimit: false, marketplaceRateLimit: false });
    const client = await marketplaceClient(s, { rateLimit: false, marketplaceRateLimit: false });
    const widgets = client.objects('widgets');
    const widget = await widgets.create({ name: 'sprocket' });
    s.data.collection(`widgets/${widget.id}/parts`).insert({ name: 'cog' });
    const group = s.data.groups.all()[0]?.id as number;
    const gift = s.data.gifts.all()[0]?.id as number;
    const contacts = client.vdr('contact', { resource: 'gifts', fields: { email: 'recipient.email' } });
    const recipient = {
      recipient_email: knownRecipient(s),
      recipient_first_name: 'A',
      recipient_last_name: 'B',
    };
    const calls: Array<
      [string, () => ApiPromise<unknown> | { asResponse(): Promise<ResponseInfo> }, RegExp]
    > = [
      [
        'touches.update',
        () => client.touches.update(4, { name: 'renamed' }),
        /^PATCH \/api\/v3\/touches\/4$/,
      ],
      ['touches.delete', () => client.touches.delete(5), /^DELETE \/api\/v3\/touches\/5$/],
      [
        'gifts.generateEgiftLinks',
        () =>
          client.gifts.generateEgiftLinks({
            touch_id: 1,
            via_from: 'tests',
            recipient_users: [{ email: 'a@example.com' }],
          }),
        /^POST \/api\/v3\/send\/generate_egift_links$/,
      ],
      ['groups.members', () => client.groups.members(group), /^GET \/api\/v3\/groups\/\d+\/members$/],
      ['objects.get', () => widgets.get(widget.id ?? 0), /^GET \/api\/v3\/widgets\/\d+$/],
      [
        'objects.children.list',
        () => widgets.children(widget.id ?? 0, 'parts').list(),
        /^GET \/api\/v3\/widgets\/\d+\/parts$/,
      ],
      [
        'marketplace.products.list',
        () => client.marketplace.products.list(),
        /^GET \/api\/v3\/marketplace\/products$/,
      ],
      [
        'marketplace.products.send',
        () => client.marketplace.products.send({ variant_ids: ['50002-2'], ...recipient }),
        /^POST \/api\/v3\/marketplace\/products\/send$/,
      ],
      [
        'smartSend.recommendations',
        () => client.smartSend.recommendations({ recipient_email: knownRecipient(s) }),
        /^GET \/api\/v3\/smartsend\/recommendations$/,
      ],
      [
        'smartSend.send',
        () => client.smartSend.send(recipient),
        /^POST \/api\/v3\/smartsend\/recommendations\/send$/,
      ],
      ['vdr.get', () => contacts.get(gift), /^GET \/api\/v3\/send\/\d+$/],
      ['vdr.list', () => contacts.list(), /^GET \/api\/v3\/send$/],
    ];
    for (const [name, call, route] of calls) {
      const response = await call().asResponse();
      const logged = loggedFor(s, response);
      expect(`${logged?.method} ${logged?.path}`, name).toMatch(route);
      expect(response.status, name).toBe(logged?.status);
    }
  });

  it('withResponse() gives the data await gives, parsed once', async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const call = client.touches.get(1);
    expect(call).toBeInstanceOf(Promise);
    expect(call).toBeInstanceOf(ApiPromise);
    const { data } = await call.withResponse();
    expect(await call).toBe(data);
    // Derived promises are plain ones.
    expect(call.then((t) => t.id)).not.toBeInstanceOf(ApiPromise);
    expect(s.requests.filter((r) => r.path === '/api/v3/touches/1')).toHaveLength(1);
  });

  it('asResponse() does not parse the body: a record Sendoso sent in another shape still gives its response', async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const odd = s.data.touches.insert({ name: 42 });
    const response = await client.touches.get(odd.id as number).asResponse();
    expect(response.status).toBe(200);
    expect(loggedFor(s, response)?.path).toBe(`/api/v3/touches/${odd.id}`);
    await expect(client.touches.get(odd.id as number)).rejects.toThrow(/Unexpected response shape/);
    await expect(client.touches.get(odd.id as number).withResponse()).rejects.toBeInstanceOf(ApiError);
  });

  it('a failed call rejects all three ways with the same typed error, and bad input sends nothing', async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const before = s.requests.length;
    await expect(client.touches.get(999_999).withResponse()).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.touches.get(999_999).asResponse()).rejects.toBeInstanceOf(NotFoundError);
    const missing = await client.touches.get(999_999).catch((e: unknown) => e);
    expect((missing as NotFoundError).requestId).toBe(s.requests.at(-1)?.requestId);
    expect(s.requests.length).toBe(before + 3);
    await expect(client.touches.create({ name: '' }).withResponse()).rejects.toBeInstanceOf(ValidationError);
    await expect(client.touches.get('').asResponse()).rejects.toBeInstanceOf(ValidationError);
    expect(s.requests.length).toBe(before + 3);
  });

  it('the response is read-only and holds no credential', async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const { response } = await client.me().withResponse();
    expect(Object.isFrozen(response)).toBe(true);
    expect(Object.isFrozen(response.headers)).toBe(true);
    const token = await client.auth.getToken();
    expect(JSON.stringify(response)).not.toContain(token?.accessToken);
  });
});

describe('page.response', () => {
  it('every page carries the response of the request that filled it', async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const first = await client.touches.list({ pageSize: 50 });
    const second = await first.getNextPage();
    const [one, two] = [loggedFor(s, first.response), loggedFor(s, second.response)];
    expect(one?.query).toMatchObject({ page: '1', per_page: '50' });
    expect(two?.query).toMatchObject({ page: '2', per_page: '50' });
  });

  it('a page assembled from several Sendoso pages shows the last one it read', async () => {
    const s = await sandbox({ rateLimit: false });
    const client = await authorizedClient(s, { rateLimit: false });
    const page = await client.touches.list({ pageSize: 150 });
    expect(page.items).toHaveLength(150);
    expect(loggedFor(s, page.response)?.query).toMatchObject({ page: '2', per_page: '100' });
  });

  it('marketplace cursor pages carry theirs, and withResponse() keeps the page type', async () => {
    const s = await sandbox({ rateLimit: false, marketplaceRateLimit: false });
    const client = await marketplaceClient(s, { rateLimit: false, marketplaceRateLimit: false });
    const { data, response } = await client.marketplace.products.list().withResponse();
    expect(Array.isArray(data.categories)).toBe(true);
    expect(data.response).toBe(response);
    const next = await data.getNextPage();
    expect(loggedFor(s, next.response)?.query).toHaveProperty('after');
    expect(next.response.requestId).not.toBe(response.requestId);
  });
});

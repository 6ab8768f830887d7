import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/testing/index.js';
import { api, type Item, issueToken } from './helpers.js';

let sandbox: Sandbox;
let token: string;
beforeAll(async () => {
  sandbox = await createSandbox({ rateLimit: false });
  token = (await issueToken(sandbox)).access_token;
});
afterAll(() => sandbox.close());

const post = (path: string, body: unknown) => api<Item>(sandbox, token, path, { method: 'POST', body });

describe('POST /send', () => {
  const touch = () => sandbox.data.touches.all()[2] as Item;

  it('answers with a tracking code and records a Pending send', async () => {
    const before = sandbox.data.gifts.size;
    const { status, body } = await post('/send', {
      send: {
        touch_id: touch().id,
        via: 'single_email_address',
        via_from: 'sendoso-element tests',
        email: 'dana@northwind.example',
        name: 'Dana Whitfield',
        company_name: 'Northwind',
      },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ success: true, message: 'Gift send Successfully' });
    expect(body.tracking_code).toMatch(/^[0-9a-f]{40}$/);
    expect(body.tracking_url).toBe(`https://app.sendoso.com/tracking/${body.tracking_code}`);
    expect(sandbox.data.gifts.size).toBe(before + 1);
    const send = sandbox.data.gifts.all().at(-1);
    expect(send).toMatchObject({
      status: 'Pending',
      type: 'egift',
      touch: { id: touch().id, name: touch().name },
      recipient: { name: 'Dana Whitfield', email: 'dana@northwind.example', company_name: 'Northwind' },
      tracking_code: body.tracking_code,
    });
    expect(Buffer.from(String(send?.send_gid), 'base64').toString()).toBe(`gid://sendoso/Send/${send?.id}`);
    const listed = await api<Item>(sandbox, token, `/send/${send?.id}`);
    expect(listed.body).toEqual(send);
  });

  it('is not idempotent: two identical POSTs are two sends', async () => {
    const body = {
      send: { touch_id: touch().id, via: 'single_person_or_company', via_from: 'x', name: 'Same' },
    };
    const before = sandbox.data.gifts.size;
    await post('/send', body);
    await post('/send', body);
    expect(sandbox.data.gifts.size).toBe(before + 2);
  });

  it('answers 400 without the send wrapper, 404 for an unknown touch, 422 for an unknown via', async () => {
    expect(await post('/send', { touch_id: 1 })).toMatchObject({
      status: 400,
      body: { success: false, message: 'param is missing or the value is empty: send' },
    });
    expect(await post('/send', { send: { touch_id: 987_654, via: 'single_email_address' } })).toMatchObject({
      status: 404,
      body: { success: false, message: 'Touch not found' },
    });
    expect(await post('/send', { send: { touch_id: touch().id, via: 'carrier_pigeon' } })).toMatchObject({
      status: 422,
      body: { success: false, message: 'Invalid via' },
    });
    expect((await post('/send', { send: { via: 'single_email_address' } })).status).toBe(400);
  });
});

describe('POST /send/generate_egift_links', () => {
  it('answers one link per recipient, valid 30 days', async () => {
    const { status, body } = await post('/send/generate_egift_links', {
      send: {
        touch_id: sandbox.data.touches.all()[0]?.id,
        via: 'generate_egift_links',
        via_from: 'tests',
        recipient_users: [{ email: 'a@example.com' }, { email: 'b@example.com' }],
      },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ success: true, expiration_days: 30 });
    const links = body.egift_links as Item[];
    expect(links.map((l) => l.recipient_email_or_phone_number)).toEqual(['a@example.com', 'b@example.com']);
    expect(links[0]?.egift_link).toMatch(/^https:\/\/app\.sendoso\.com\/egift\/[0-9a-f]{16}$/);
  });

  it('refuses another via, and a request without recipients', async () => {
    const touchId = sandbox.data.touches.all()[0]?.id;
    const wrongVia = await post('/send/generate_egift_links', {
      send: { touch_id: touchId, via: 'single_email_address', recipient_users: [{ email: 'a@example.com' }] },
    });
    expect(wrongVia.status).toBe(422);
    const none = await post('/send/generate_egift_links', {
      send: { touch_id: touchId, via: 'generate_egift_links', recipient_users: [] },
    });
    expect(none.status).toBe(400);
  });
});

describe('POST /users', () => {
  it('answers the invitation and adds the user to GET /users', async () => {
    const before = sandbox.data.users.size;
    const { status, body } = await post('/users', {
      user: {
        first_name: 'Jordan',
        last_name: 'Lee',
        email: 'jordan@acme.example',
        role: 'manager',
        team_group_id: 401,
      },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      success: true,
      receiver_email: 'jordan@acme.example',
      team_group_id: 401,
      user_role: 'manager',
      invitation_status: 'pending',
    });
    expect(Date.parse(String(body.expires_at))).toBeGreaterThan(Date.now());
    expect(sandbox.data.users.size).toBe(before + 1);
    const last = await api<Item>(sandbox, token, `/users?per_page=100&page=${Math.ceil((before + 1) / 100)}`);
    expect((last.body.users as Item[]).at(-1)).toMatchObject({
      email: 'jordan@acme.example',
      team_group_id: 401,
    });
  });

  it('answers 400 without the user wrapper', async () => {
    expect(await post('/users', { email: 'x@example.com' })).toMatchObject({
      status: 400,
      body: { success: false, message: 'param is missing or the value is empty: user' },
    });
  });
});

/**
 * Every TypeScript block of README.md is a `#region readme` of this file (or of an example), and
 * runs here against the sandbox. test/readme.test.ts checks that the README's blocks are these.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AbortError,
  ApiError,
  type ChangeEvent,
  ceql,
  FileStateStore,
  FileTokenStore,
  MemoryTokenStore,
  NotFoundError,
  or,
  PollStateLockedError,
  RateLimitError,
  ResponseTooLargeError,
  SendosoClient,
  type Token,
  type Touch,
  ValidationError,
  where,
} from '../src/index.js';
import { createSandbox, type Sandbox } from '../src/testing/index.js';

const sandboxes: Sandbox[] = [];
const dirs: string[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function signedIn(): Promise<{ client: SendosoClient; sandbox: Sandbox }> {
  const sandbox = await createSandbox();
  sandboxes.push(sandbox);
  const client = new SendosoClient({
    ...sandbox.clientOptions(),
    logLevel: 'off',
  });
  await client.auth.exchangeCode(await sandbox.authorize());
  return { client, sandbox };
}

describe('README snippets', () => {
  it('quickstart: the OAuth authorization-code flow', async () => {
    const sandbox = await createSandbox();
    sandboxes.push(sandbox);
    const dir = await mkdtemp(join(tmpdir(), 'readme-'));
    dirs.push(dir);
    vi.stubEnv('SENDOSO_CLIENT_ID', sandbox.clientId);
    vi.stubEnv('SENDOSO_CLIENT_SECRET', sandbox.clientSecret);
    vi.stubEnv('SENDOSO_REDIRECT_URI', sandbox.redirectUri);
    vi.stubEnv('SENDOSO_BASE_URL', sandbox.baseUrl);
    vi.stubEnv('SENDOSO_AUTH_BASE_URL', sandbox.authBaseUrl);
    const tokenPath = join(dir, 'sendoso-token.json');
    const consent = async (url: string) => {
      const response = await fetch(url, { redirect: 'manual' });
      return new URL(response.headers.get('location') ?? '').searchParams;
    };
    {
      // #region readme quickstart
      // Credentials come from SENDOSO_CLIENT_ID, SENDOSO_CLIENT_SECRET and SENDOSO_REDIRECT_URI.
      const client = new SendosoClient({ tokenStore: new FileTokenStore(tokenPath) });

      // 1. Send the user to Sendoso's consent page, with a state you check in the callback.
      const url = client.auth.authorizationUrl({ state: 'csrf-token-from-the-session' });

      // 2. In your redirect handler: exchange the code. The token is stored, and refreshed for you.
      const params = await consent(url); // in a web app: the query of the request to your redirect URI
      await client.auth.exchangeCode(params.get('code') ?? '');

      const me = await client.me();
      console.log(`Signed in as ${me.email}`);
      // #endregion
      expect(me.email).toContain('@');
      expect(params.get('state')).toBe('csrf-token-from-the-session');
    }
  });

  it('the token lifecycle', async () => {
    const { client, sandbox } = await signedIn();
    const saved: Token[] = [];
    const userId = 'u1';
    const saveForUser = async (_user: string, token: Token) => {
      saved.push(token);
    };
    const key = sandbox.clientId;
    const secret = sandbox.clientSecret;
    const callbackUrl = sandbox.redirectUri;
    // #region readme auth-lifecycle
    client.on('token', (token) => void saveForUser(userId, token)); // after every exchange and refresh
    const token = await client.auth.getToken(); // what the store holds (refreshed on use)
    await client.auth.refresh(); // now, rather than when it is due
    await client.auth.revoke(); // logout: revokes the pair at Sendoso and clears the store

    // The element's configuration JSON, as Cloud Elements stored it:
    const fromConfig = SendosoClient.fromElementConfiguration({
      'oauth.api.key': key,
      'oauth.api.secret': secret,
      'oauth.callback.url': callbackUrl,
    });
    // #endregion
    expect(token?.accessToken).toBeTruthy();
    expect(saved).toHaveLength(1);
    expect(await client.auth.getToken()).toBeUndefined();
    expect(new URL(fromConfig.auth.authorizationUrl()).searchParams.get('client_id')).toBe(key);
  });

  it('PKCE', async () => {
    const sandbox = await createSandbox();
    sandboxes.push(sandbox);
    const client = new SendosoClient({ ...sandbox.clientOptions(), logLevel: 'off' });
    const state = 'bound-to-this-browser';
    const consent = async (url: string) => {
      const response = await fetch(url, { redirect: 'manual' });
      return new URL(response.headers.get('location') ?? '').searchParams.get('code') ?? '';
    };
    // #region readme pkce
    const verifier = randomBytes(32).toString('base64url'); // kept with the pending login, server-side
    const consentUrl = client.auth.authorizationUrl({
      state,
      codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
    });
    const code = await consent(consentUrl); // in a web app: from the query of the callback
    await client.auth.exchangeCode(code, { codeVerifier: verifier });
    // #endregion
    expect(await client.auth.getToken()).toBeDefined();
    expect(sandbox.requests.find((r) => r.path === '/oauth/token')?.body).toMatchObject({
      code_verifier: '[redacted]',
    });
  });

  it('resources: CRUD and pagination', async () => {
    const { client, sandbox } = await signedIn();
    const usd: unknown[] = [];
    // #region readme resources
    const touch = await client.touches.get(1);
    const group = await client.groups.create({ name: 'EMEA sales', monthly_budget: '5000' });
    await client.groups.update(group.id, { name: 'EMEA field sales' });
    await client.groups.delete(group.id);

    // await: one page. for await: every item of every page, the next pages requested ahead.
    const page = await client.touches.list({ pageSize: 50 });
    console.log(page.items.length, page.total, page.hasNextPage());
    // getNextPage() throws on the last page: ask hasNextPage() first.
    const next = page.hasNextPage() ? await page.getNextPage() : undefined;
    // A page token survives restarts: pass it back to resume.
    const resumed = await client.touches.list({ pageSize: 50, nextPage: page.nextPage });

    for await (const gift of client.gifts.list()) {
      console.log(gift.id, gift.recipient?.email, gift.status);
    }

    // One complete listing as a stream, each Sendoso page read once (what pollers use). If the
    // listing shifts while it is paged, it ends with a ListingChangedError after the last record;
    // a server that repeats pages stops it with a PaginationLoopError.
    for await (const t of client.touches.listAll("currency = 'USD'")) usd.push(t.id);
    // #endregion
    expect(touch.id).toBe(1);
    expect(next?.items).toEqual(resumed.items);
    expect(usd).toEqual(
      sandbox.data.touches
        .all()
        .filter((t) => t.currency === 'USD')
        .map((t) => t.id),
    );
  });

  it('gifts: create, never retried', async () => {
    const { client } = await signedIn();
    // #region readme gifts
    // eGift by email
    const sent = await client.gifts.create({
      touch_id: 1,
      via: 'single_email_address',
      via_from: 'my-app',
      email: 'ada@example.com',
      name: 'Ada Lovelace',
    });
    console.log(sent.tracking_code);

    // Physical gift; the recipient confirms the address by email
    await client.gifts.create({
      touch_id: 1,
      via: 'single_person_or_company',
      via_from: 'my-app',
      email: 'grace@example.com',
      no_address: true,
      confirm_address: true,
      address_confirmation_via: 'email',
      expire_after_days: 5,
    });

    const { egift_links } = await client.gifts.generateEgiftLinks({
      touch_id: 1,
      via_from: 'my-app',
      recipient_users: [{ email: 'alan@example.com' }],
    });
    // #endregion
    expect(sent.tracking_code).toMatch(/^[0-9a-f]{40}$/);
    expect(egift_links).toHaveLength(1);
  });

  it('other resources', async () => {
    // The sandbox serves the overridden route too, so the override below runs against it.
    const sandbox = await createSandbox({ routes: { '/ledger/journals': 'journals' } });
    sandboxes.push(sandbox);
    const connection = sandbox.clientOptions();
    for (const [name, value] of Object.entries({
      SENDOSO_CLIENT_ID: connection.clientId,
      SENDOSO_CLIENT_SECRET: connection.clientSecret,
      SENDOSO_REDIRECT_URI: connection.redirectUri,
      SENDOSO_BASE_URL: connection.baseUrl,
      SENDOSO_AUTH_BASE_URL: connection.authBaseUrl,
    }))
      vi.stubEnv(name, value);
    const tokenStore = new MemoryTokenStore();
    const client = new SendosoClient({ tokenStore, logLevel: 'off' });
    await client.auth.exchangeCode(await sandbox.authorize());
    sandbox.data.collection('widgets').insert({ name: 'sprocket' });
    sandbox.data.collection('widgets/1/parts').insert({ name: 'cog' });
    // #region readme other-resources
    const [group] = (await client.groups.list()).items;
    const members = await client.groups.members(group?.id ?? 0);
    const widgets = await client.objects('widgets').list();
    const parts = await client.objects('widgets').children(1, 'parts').list();

    // Routes are data: point one at another path. (The sandbox serves such a path with
    // createSandbox({ routes: { '/ledger/journals': 'journals' } }).)
    const custom = new SendosoClient({
      tokenStore, // the same signed-in user
      resources: { journals: { list: { path: '/ledger/journals' } } },
    });
    const ledger = await custom.journals.list(); // GET /ledger/journals

    // Sorting is local (Sendoso cannot sort): the whole matching listing is read first.
    const newest = await client.touches.list({ orderBy: 'created_at desc', pageSize: 10 });
    // #endregion
    expect(members.items.length).toBeGreaterThan(0);
    expect(widgets.items).toHaveLength(1);
    expect(parts.items).toMatchObject([{ name: 'cog' }]);
    expect(ledger.items.length).toBeGreaterThan(0);
    expect(sandbox.requests.filter((r) => r.path === '/api/v3/ledger/journals')).toHaveLength(1);
    expect(newest.items).toHaveLength(10);
  });

  it('CEQL', async () => {
    const { client } = await signedIn();
    // #region readme ceql
    const q4 = where('currency').eq('USD').and(where('name').like('Touch 1%'));
    String(q4); // "currency = 'USD' AND name LIKE 'Touch 1%'"

    where({ status: 'Active', currency: ['USD', 'EUR'] }); // status = 'Active' AND currency IN ('USD', 'EUR')
    or(where('delivery_type').eq('mail'), where('starting_egift_price').gte(50));

    const parsed = ceql.parse("status = 'Active' AND (currency IN ('USD','EUR') OR name LIKE 'Q4%')");
    ceql.matches(parsed, { status: 'Active', currency: 'EUR', name: 'x' }); // true
    const isLive = ceql.compile(parsed); // compile once, test many records
    where('hubspot_key')
      .isNotNull()
      .and(where('currency').notIn(['GBP']))
      .and(where('name').notLike('%test%'));
    // Typed by the resource's records: a misspelt field (where('nmae')) does not compile.
    const euro = client.touches.where('currency').eq('EUR');
    client.gifts.where('recipient.email').like('%@example.com');

    // delivery_type is filtered by Sendoso; the rest is evaluated locally while paging.
    for await (const touch of client.touches.list("delivery_type = 'mail' AND currency = 'USD'")) {
      console.log(touch.name);
    }
    const mail = await client.touches.list({ where: q4, pageSize: 10 });
    // #endregion
    expect(String(q4)).toBe("currency = 'USD' AND name LIKE 'Touch 1%'");
    expect(ceql.matches(parsed, { status: 'Active', currency: 'EUR', name: 'x' })).toBe(true);
    expect(isLive({ status: 'Paused' })).toBe(false);
    expect(mail.items.every((t) => t.currency === 'USD')).toBe(true);
    expect(String(euro)).toBe("currency = 'EUR'");
  });

  it('polling', async () => {
    const { client, sandbox } = await signedIn();
    const dir = await mkdtemp(join(tmpdir(), 'readme-poll-'));
    dirs.push(dir);
    const seen: string[] = [];
    const notify = async (text: string) => {
      seen.push(text);
    };
    // #region readme polling
    const poller = client.poll('touches', {
      intervalMs: 60_000,
      where: "status = 'Active'",
      store: new FileStateStore(`${dir}/poll-state`), // survives restarts
      ignoreFields: ['updated_at'],
    });
    poller.on('created', async (event) => notify(`new touch ${event.object?.name}`));
    poller.on('updated', async (event) => notify(`touch ${event.objectId} changed: ${event.changedFields}`));
    poller.on('deleted', async (event) => notify(`touch ${event.objectId} is gone`));
    poller.on('error', (err) => console.error(err));
    // #endregion
    await poller.pollOnce();
    sandbox.data.touches.insert({ name: 'New one', status: 'Active' });
    sandbox.data.touches.update(2, { status: 'Active', name: 'Renamed' });
    sandbox.data.touches.remove(4);
    await poller.pollOnce();
    await poller.stop();
    expect(seen.sort()).toEqual(['new touch New one', 'touch 2 changed: name', 'touch 4 is gone']);
  });

  it('polling: the evidence for deletes, and one poller per key', async () => {
    const { client } = await signedIn();
    const dir = await mkdtemp(join(tmpdir(), 'readme-poll-lock-'));
    dirs.push(dir);
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((line: string) => {
      lines.push(line);
    });
    // #region readme poll-proof
    // The ids among these that are gone: GET /touches/{id} answered 404.
    const gone = await client.touches.confirmGone(['1', '999999']); // ['999999']

    const store = new FileStateStore(`${dir}/poll-state`);
    const first = client.poll('touches', { store, autoStart: false });
    await first.pollOnce();
    const second = client.poll('touches', { store, autoStart: false });
    await second.pollOnce().catch((err) => {
      if (err instanceof PollStateLockedError) console.log(`already polled by process ${err.holder?.pid}`);
    });
    await first.stop(); // releases the key; the second poller may poll now
    // #endregion
    spy.mockRestore();
    expect(gone).toEqual(['999999']);
    expect(lines).toEqual([`already polled by process ${process.pid}`]);
    expect(await second.pollOnce()).toEqual({ created: 0, updated: 0, deleted: 0 });
    await second.stop();
  });

  it('polling: one pass at a time, status and stalls', async () => {
    const { client, sandbox } = await signedIn();
    const audit: ChangeEvent<Touch>[] = [];
    const alert = (text: string) => audit.push({ id: text } as ChangeEvent<Touch>);
    // #region readme poll-once
    const poller = client.poll('touches', { autoStart: false, initial: 'emit' });
    poller.on('change', async (event) => audit.push(event)); // every type, after the type's own listeners
    poller.on('stalled', (err) => alert(err.message)); // no successful pass for 3 intervals
    const { created, updated, deleted } = await poller.pollOnce(); // one pass, e.g. from a cron job
    console.log(created, updated, deleted, poller.status.lastSuccessAt);
    // #endregion
    expect(created).toBe(sandbox.data.touches.all().length);
    expect(audit).toHaveLength(created);
    expect(updated + deleted).toBe(0);
    await poller.stop();
  });

  it('polling with for await', async () => {
    const { client, sandbox } = await signedIn();
    const handled: unknown[] = [];
    const handle = async (event: unknown) => {
      handled.push(event);
    };
    const controller = new AbortController();
    // Insert once the baseline pass is done, and stop once the event is handled (or after 10 s).
    let inserted = false;
    const watch = setInterval(() => {
      if (!inserted && poller.status.passes >= 1) {
        inserted = true;
        sandbox.data.touches.insert({ name: 'Late' });
      }
      if (handled.length > 0) controller.abort();
    }, 20);
    setTimeout(() => controller.abort(), 10_000);
    // #region readme poll-iterate
    const poller = client.poll('touches', { intervalMs: 200, signal: controller.signal });
    for await (const event of poller) {
      await handle(event); // the next pass waits while you are busy (back-pressure)
    }
    // The loop ends when the poller stops: poller.stop(), or its signal aborts. If handle() throws,
    // the loop ends with it, and that event and the rest of the pass come again on the next pass.
    // #endregion
    clearInterval(watch);
    expect(handled).toMatchObject([{ type: 'created', object: { name: 'Late' } }]);
  });

  it('errors', async () => {
    const { client, sandbox } = await signedIn();
    const messages: string[] = [];
    const log = (text: string) => messages.push(text);
    sandbox.faults.next(1, { status: 429, headers: { 'Retry-After': '90' }, after: 1 });
    for (const id of [999_999, 1]) {
      // #region readme errors
      try {
        await client.touches.get(id);
      } catch (err) {
        if (err instanceof NotFoundError)
          log(`no touch ${id}: ${err.message}`); // Sendoso's own message
        else if (err instanceof RateLimitError) log(`retry in ${err.retryAfterMs} ms`);
        else if (err instanceof ApiError) log(`${err.status} ${err.message} (request ${err.requestId})`);
        else throw err; // ConnectionError, TimeoutError, AbortError, OAuthError...
      }
      // #endregion
    }
    expect(messages).toEqual(['no touch 999999: Touch not found', 'retry in 90000 ms']);
  });

  it('per-request options and events', async () => {
    const { client } = await signedIn();
    const lines: string[] = [];
    const metrics = { timing: (name: string, ms: number) => lines.push(`${name} ${ms}`) };
    // #region readme request-options
    const controller = new AbortController();
    await client.touches.get(1, { timeoutMs: 5_000, maxRetries: 0, signal: controller.signal });

    client.on('request', (e) => console.debug(`→ ${e.method} ${e.path} (attempt ${e.attempt})`));
    client.on('response', (e) => metrics.timing(`sendoso.${e.method} ${e.status}`, e.elapsedMs));
    client.on('retry', (e) =>
      console.warn(`retry ${e.attempt} of ${e.path} in ${e.delayMs} ms`, e.error.name),
    );
    client.on('token', (token) => console.log('new token, expires', new Date(token.expiresAt)));
    // #endregion
    await client.me();
    expect(lines[0]).toMatch(/^sendoso\.GET 200 \d+$/);
    controller.abort();
    await expect(client.me({ signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
  });

  it('the sandbox in your own tests', async () => {
    // #region readme testing
    const sandbox = await createSandbox({ seed: { touches: 3 }, rateLimit: false });
    const client = new SendosoClient({
      ...sandbox.clientOptions(),
    });
    await client.auth.exchangeCode(await sandbox.authorize());

    sandbox.data.touches.insert({ name: 'Welcome box', delivery_type: 'mail' });
    sandbox.faults.next(1, { status: 503 }); // the next API request fails once (and is retried)
    const { items } = await client.touches.list();
    const gets = sandbox.requests.filter((r) => r.path === '/api/v3/touches');
    await sandbox.close();
    // #endregion
    expect(items.map((t) => t.name)).toContain('Welcome box');
    expect(gets.map((r) => r.status)).toEqual([503, 200]);
  });

  it('bad input is a ValidationError before anything is sent', async () => {
    const { client, sandbox } = await signedIn();
    sandbox.clearRequests();
    // #region readme validation
    try {
      await client.gifts.create({
        touch_id: 1,
        via: 'single_email_address',
        via_from: 'my-app',
        email: 'nope',
      });
    } catch (err) {
      if (err instanceof ValidationError) console.log(err.issues); // [{ path: 'email', message: 'Invalid email address' }]
    }
    // #endregion
    expect(sandbox.requests).toEqual([]);
  });
});

describe('README snippets: limits and input checks', () => {
  it('options are checked when they are given, with the likely intended name', () => {
    const configText = '{ "clientSecrett": "not-a-real-secret", "logLevel": "verbose" }';
    const problems: unknown[] = [];
    // #region readme option-checks
    const config = JSON.parse(configText); // options from a file, or from plain JavaScript
    try {
      new SendosoClient(config);
    } catch (err) {
      if (err instanceof ValidationError) problems.push(...err.issues);
      // [{ path: 'clientSecrett', message: 'unknown option; did you mean "clientSecret"?' },
      //  { path: 'logLevel', message: "must be one of 'off', 'error', 'warn', 'info', 'debug'" }]
    }
    // #endregion
    expect(problems).toEqual([
      { path: 'clientSecrett', message: 'unknown option; did you mean "clientSecret"?' },
      { path: 'logLevel', message: "must be one of 'off', 'error', 'warn', 'info', 'debug'" },
    ]);
  });

  it('a response larger than maxResponseBytes is not read', async () => {
    const { sandbox } = await signedIn();
    const log: string[] = [];
    const options = { ...sandbox.clientOptions(), logLevel: 'off' as const };
    // #region readme response-size
    const client = new SendosoClient({ ...options, maxResponseBytes: 4096 }); // default 1 MiB
    await client.auth.exchangeCode(await sandbox.authorize());
    try {
      await client.touches.list({ pageSize: 100 });
    } catch (err) {
      if (err instanceof ResponseTooLargeError) log.push(`over ${err.maxResponseBytes} bytes`);
    }
    // #endregion
    expect(log).toEqual(['over 4096 bytes']);
  });
});

/** Exit codes, error lines, help and output formats of the built `sendoso` bin. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SendosoClient, type Token, VERSION } from '../../src/index.js';
import {
  CliProcess,
  type CliResult,
  cliSandbox,
  consent,
  ensureBuilt,
  envFor,
  runCli,
  signIn,
  tempDir,
  waitUntil,
} from './helpers.js';

beforeAll(ensureBuilt, 180_000);

const COMMANDS = ['login', 'logout', 'whoami', 'list', 'get', 'send', 'poll', 'sandbox'];

describe('sendoso exit codes and errors', () => {
  it('a bad CEQL --where exits 2 with the position, before any request', async () => {
    const s = await cliSandbox({ seed: { touches: 3 } });
    const dir = await tempDir();
    await signIn(s, dir);
    s.clearRequests();
    const out = await runCli(['list', 'touches', '--where', "status = 'Active' AND"], envFor(s, dir));
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^error: CeqlSyntaxError: .* at position 21\n$/);
    expect(out.stdout).toBe('');
    expect(s.requests).toEqual([]);
  }, 60_000);

  it('a 404 exits 1 with Sendoso message on one line; --debug adds the status and request id, never a secret', async () => {
    const s = await cliSandbox({ seed: { touches: 3 } });
    const dir = await tempDir();
    await signIn(s, dir);
    const env = envFor(s, dir);
    const out = await runCli(['get', 'touches', '999'], env);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe('error: NotFoundError: Touch not found\n');
    expect(out.stdout).toBe('');

    const debug = await runCli(['get', 'touches', '999', '--debug'], env);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/^error: NotFoundError: Touch not found$/m);
    expect(debug.stderr).toMatch(/status: 404/);
    expect(debug.stderr).toMatch(/requestId: "[0-9a-f-]{36}"/);
    const token = JSON.parse(await readFile(join(dir, 'token.json'), 'utf8')) as Token;
    for (const secret of [s.clientSecret, token.accessToken, token.refreshToken ?? '-']) {
      expect(debug.stderr).not.toContain(secret);
    }
  }, 60_000);

  it("an error line never passes control characters from Sendoso's message to the terminal", async () => {
    const s = await cliSandbox({ seed: { touches: 3 } });
    const dir = await tempDir();
    await signIn(s, dir);
    const message = 'Touch \u001b]0;pwned\u0007 not\nfound';
    for (const args of [
      ['get', 'touches', '1'],
      ['get', 'touches', '1', '--debug'],
    ]) {
      s.faults.next(1, { status: 404, body: { success: false, message }, match: { path: /touches/ } });
      const out = await runCli(args, envFor(s, dir));
      expect(out.code).toBe(1);
      // With --debug, the SDK's log lines come first.
      expect(out.stderr).toMatch(/^error: NotFoundError: Touch {2}\]0;pwned {2}not found$/m);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence.
      expect(out.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    }
  }, 60_000);

  it('unknown flags, commands, resources and missing arguments exit 2 with one line', async () => {
    const env = { PATH: process.env.PATH, HOME: await tempDir() };
    const cases: Array<[string[], RegExp]> = [
      [
        ['list', 'touches', '--frobnicate'],
        /^error: unknown option --frobnicate \(see sendoso list --help\)\n$/,
      ],
      [['frobnicate'], /^error: unknown command "frobnicate"/],
      [
        ['list', 'widgets'],
        /^error: unknown resource "widgets"; use one of touches, groups, gifts, users, return-addresses/,
      ],
      [['get', 'touches'], /^error: missing <id>/],
      [['list', 'touches', '--limit', 'many'], /^error: --limit must be a positive integer/],
      [['poll', 'touches', '--interval', 'soon'], /^error: --interval must be a duration/],
      [['list', 'touches', '--format', 'xml'], /^error: --format must be one of table, json, ndjson/],
      [['--frobnicate'], /^error: unknown option --frobnicate/],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(args, env)));
    for (const [i, [args, message]] of cases.entries()) {
      const out = results[i] as CliResult;
      expect({ args, code: out.code }).toEqual({ args, code: 2 });
      expect(out.stderr).toMatch(message);
      expect(out.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  }, 120_000);

  it('a command that needs a login says so and exits 1', async () => {
    const dir = await tempDir();
    const out = await runCli(['list', 'touches'], {
      PATH: process.env.PATH,
      HOME: dir,
      SENDOSO_CONFIG_DIR: dir,
    });
    expect(out.code).toBe(1);
    expect(out.stderr).toBe('error: OAuthError: Not logged in: run `sendoso login` first\n');
  }, 60_000);

  it('never sends a saved token to another host than the one it was issued by', async () => {
    const home = await cliSandbox({ seed: { touches: 3 } });
    const elsewhere = await cliSandbox({ seed: { touches: 3 } });
    const dir = await tempDir();
    await signIn(home, dir);
    await writeFile(join(dir, 'config.json'), JSON.stringify(home.clientOptions()));
    const out = await runCli(['list', 'touches'], {
      ...envFor(home, dir),
      SENDOSO_BASE_URL: elsewhere.baseUrl,
      SENDOSO_AUTH_BASE_URL: elsewhere.authBaseUrl,
    });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(
      /^error: the saved login is for http:\/\/127\.0\.0\.1:\d+\/api\/v3, but baseUrl is now/,
    );
    // A flag wins over the variables, and is held to the same rule.
    const flagged = await runCli(['list', 'touches', '--base-url', elsewhere.baseUrl], envFor(home, dir));
    expect(flagged.code).toBe(2);
    expect(flagged.stderr).toContain(`but baseUrl is now ${elsewhere.baseUrl}`);
    expect(elsewhere.requests).toEqual([]);
    // Where they agree, the saved login works.
    expect((await runCli(['whoami'], envFor(home, dir))).code).toBe(0);
  }, 60_000);

  it('finds the login in $XDG_CONFIG_HOME/sendoso-element, else ~/.config/sendoso-element', async () => {
    const s = await cliSandbox({ seed: { touches: 3 } });
    const home = await tempDir();
    const xdg = join(home, 'xdg');
    const env = { ...envFor(s, home), SENDOSO_CONFIG_DIR: '' };
    await signIn(s, join(xdg, 'sendoso-element'));
    expect((await runCli(['whoami'], { ...env, XDG_CONFIG_HOME: xdg })).code).toBe(0);
    expect((await runCli(['whoami'], env)).code).toBe(1);
    await signIn(s, join(home, '.config', 'sendoso-element'));
    expect((await runCli(['whoami'], env)).code).toBe(0);
  }, 60_000);

  it('poll --initial emit prints a created event per record; a login revoked meanwhile ends it with exit 1', async () => {
    const s = await cliSandbox({ seed: { touches: 4 } });
    const dir = await tempDir();
    await signIn(s, dir);
    const poll = new CliProcess(
      ['poll', 'touches', '--initial', 'emit', '--interval', '200ms'],
      envFor(s, dir),
    );
    await waitUntil(() => poll.lines().length >= 4, 'four created events');
    const events = poll.lines().map((line) => JSON.parse(line) as { type: string; objectId: string });
    expect(events.map((e) => [e.type, e.objectId])).toEqual([
      ['created', '1'],
      ['created', '2'],
      ['created', '3'],
      ['created', '4'],
    ]);
    // Revoked elsewhere (another session's logout): no further pass can succeed, so the poller stops.
    const token = JSON.parse(await readFile(join(dir, 'token.json'), 'utf8')) as Token;
    const other = new SendosoClient({ ...s.clientOptions(), token, logLevel: 'off' });
    await other.auth.revoke();
    const out = await poll.exited;
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^error: OAuthError: /m);
  }, 60_000);

  it('an interrupted login exits 130 and frees the redirect port', async () => {
    const s = await cliSandbox();
    const dir = await tempDir();
    const login = new CliProcess(['login'], envFor(s, dir));
    await login.waitFor(/Waiting for the redirect/);
    login.child.kill('SIGINT');
    const out = await login.exited;
    expect(out.code).toBe(130);
    expect(out.stderr).not.toMatch(/error:/);
    // The port is free again: a new login can listen there and complete.
    const again = new CliProcess(['login'], envFor(s, dir));
    expect((await consent(again)).status).toBe(200);
    expect((await again.exited).code).toBe(0);
  }, 60_000);

  it('login refuses a redirect that carries another state, and exchanges nothing', async () => {
    const s = await cliSandbox();
    const dir = await tempDir();
    const login = new CliProcess(['login'], envFor(s, dir));
    await login.waitFor(/Waiting for the redirect/);
    const forged = await fetch(`${s.redirectUri}?code=${await s.authorize()}&state=forged`);
    expect(forged.status).toBe(400);
    const out = await login.exited;
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(
      /^error: OAuthError: The redirect carried another state than this login sent/m,
    );
    expect(s.requests.filter((r) => r.path === '/oauth/token')).toEqual([]);
  }, 60_000);

  it('login with a redirect URI it cannot listen on prints the URL; --code then exchanges the pasted code', async () => {
    const s = await cliSandbox({ redirectUri: 'https://app.example.com/sendoso/callback' });
    const dir = await tempDir();
    const env = envFor(s, dir);
    const first = await runCli(['login'], env);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(
      /\/oauth\/authorize\?response_type=code&client_id=[^&]+&redirect_uri=https%3A%2F%2Fapp\.example\.com/,
    );
    expect(first.stderr).toContain('Then run: sendoso login --code CODE');

    const code = await s.authorize();
    const second = await runCli(['login', '--code', code], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^Logged in to Sendoso as /);
    expect(second.stdout + second.stderr).not.toContain(code);
    expect((await runCli(['whoami'], env)).code).toBe(0);
    // A code works once: pasting it again is Sendoso's invalid_grant, an API error.
    const reused = await runCli(['login', '--code', code], env);
    expect(reused.code).toBe(1);
    expect(reused.stderr).toMatch(/^error: OAuthError: /);
    expect(reused.stderr).not.toContain(code);
  }, 60_000);

  it('--help works on every command, and --version prints the package version', async () => {
    const env = { PATH: process.env.PATH, HOME: await tempDir() };
    const helps = await Promise.all(COMMANDS.map((command) => runCli([command, '--help'], env)));
    for (const [i, command] of COMMANDS.entries()) {
      const out = helps[i] as CliResult;
      expect(out.code).toBe(0);
      expect(out.stdout).toMatch(new RegExp(`^Usage: sendoso ${command}`));
      expect(out.stdout).toContain('Global options:');
    }
    const help = await runCli(['--help'], env);
    expect(help.code).toBe(0);
    for (const command of COMMANDS) expect(help.stdout).toContain(`  ${command} `);
    expect((await runCli(['--version'], env)).stdout).toBe(`${VERSION}\n`);
  }, 120_000);
});

describe('sendoso list output', () => {
  it('prints NDJSON when piped, or JSON and a table when asked; --limit stops the walk', async () => {
    const s = await cliSandbox({ seed: { touches: 30 } });
    const dir = await tempDir();
    await signIn(s, dir);
    const env = envFor(s, dir);
    const ndjson = await runCli(['list', 'touches', '--limit', '3'], env);
    const lines = ndjson.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: number });
    expect(lines.map((t) => t.id)).toEqual([1, 2, 3]);
    expect(s.requests.filter((r) => r.path === '/api/v3/touches').map((r) => r.query.per_page)).toEqual([
      '3',
    ]);

    const json = await runCli(['list', 'touches', '--limit', '3', '--format', 'json'], env);
    expect(JSON.parse(json.stdout)).toEqual(lines);

    const table = await runCli(['list', 'touches', '--limit', '2', '--format', 'table'], env);
    const rows = table.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^ID\s+NAME\s+STATUS\s+DELIVERY_TYPE\s+CURRENCY/);
    expect(rows.slice(1).map((r) => r.split(/\s{2,}/).slice(0, 2))).toEqual([
      ['1', 'Touch 1'],
      ['2', 'Touch 2'],
    ]);

    // The element's hyphenated names work too.
    const addresses = await runCli(['list', 'return-addresses', '--limit', '1'], env);
    expect(addresses.code).toBe(0);
    expect(JSON.parse(addresses.stdout)).toMatchObject({ id: 1 });
  }, 60_000);

  it('a table never passes control characters from Sendoso data to the terminal', async () => {
    const s = await cliSandbox({
      seed: { touches: [{ id: 1, name: 'Evil \u001b]0;pwned\u0007 box', status: 'Active' }] },
    });
    const dir = await tempDir();
    await signIn(s, dir);
    const table = await runCli(['list', 'touches', '--format', 'table'], envFor(s, dir));
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('Evil  ]0;pwned  box');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence.
    expect(table.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  }, 60_000);
});

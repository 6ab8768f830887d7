import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ClientOptions, SendosoClient, ValidationError } from '../src/index.js';
import { authorizedClient, clientFor, sandbox } from './helpers.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

/** The ValidationError `new SendosoClient(options)` throws (options as plain JavaScript would pass them). */
function refused(options: unknown): ValidationError {
  try {
    new SendosoClient(options as ClientOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('the options were accepted');
}

const paths = (error: ValidationError) => error.issues.map((i) => i.path);

describe('client options from plain JavaScript', () => {
  it('a logger or token store without the needed methods is refused at construction, not a TypeError later', () => {
    const error = refused({ logger: {}, tokenStore: {} });
    expect(paths(error).sort()).toEqual(['logger', 'tokenStore']);
    expect(error.message).toMatch(/logger: must be a Logger: missing method error, warn, info, debug/);
    expect(error.message).toMatch(/tokenStore: must be a TokenStore: missing method get, set, clear/);
  });

  it('unknown keys are named, with the option that was probably meant', () => {
    const error = refused({ clientSecrett: 'x', timeout: 5_000, logleve: 'debug', flavour: 'x' });
    expect(error.issues).toEqual([
      { path: 'clientSecrett', message: 'unknown option; did you mean "clientSecret"?' },
      { path: 'timeout', message: 'unknown option; did you mean "timeoutMs"?' },
      { path: 'logleve', message: 'unknown option; did you mean "logLevel"?' },
      {
        path: 'flavour',
        message: expect.stringMatching(/^unknown option; known options are clientId, .*maxResponseBytes/),
      },
    ]);
  });

  it("logLevel 'verbose' is refused instead of logging at debug", () => {
    const lines: string[] = [];
    const logger = {
      error: (m: string) => lines.push(m),
      warn: (m: string) => lines.push(m),
      info: (m: string) => lines.push(m),
      debug: (m: string) => lines.push(m),
    };
    const error = refused({ logLevel: 'verbose', logger });
    expect(error.issues).toEqual([
      { path: 'logLevel', message: "must be one of 'off', 'error', 'warn', 'info', 'debug'" },
    ]);
    expect(lines).toEqual([]);
  });

  it('every problem is named in one ValidationError', () => {
    const error = refused({
      timeoutMs: 0,
      maxRetries: -1,
      scopes: 'public',
      token: 'abc',
      rateLimit: true,
      maxResponseBytes: 1.5,
      baseUrl: 42,
    });
    expect(paths(error).sort()).toEqual(
      ['baseUrl', 'maxResponseBytes', 'maxRetries', 'rateLimit', 'scopes', 'timeoutMs', 'token'].sort(),
    );
    expect(error.message).not.toContain('abc');
  });

  it('options that are not a plain object are refused, including a planted prototype', () => {
    for (const options of ['x', 42, null, [], new Map()]) expect(paths(refused(options))).toEqual(['']);
    // A literal `__proto__` makes the prototype, whose values would read as (unchecked) options.
    const error = refused({ __proto__: { clientSecret: 'from-the-prototype' } });
    expect(error.message).toMatch(/plain object/);
  });

  it('maxResponseBytes must be a positive integer', () => {
    for (const value of [0, -1, 1.5, '1MB', Number.POSITIVE_INFINITY]) {
      expect(paths(refused({ maxResponseBytes: value }))).toEqual(['maxResponseBytes']);
    }
    expect(() => new SendosoClient({ maxResponseBytes: 10_000_000 })).not.toThrow();
  });

  it('a pasted blob gets a bounded error: 20 problems at most, long key names cut', () => {
    const blob: Record<string, number> = { ['k'.repeat(100_000)]: 1 };
    for (let i = 0; i < 10_000; i++) blob[`key${i}`] = i;
    const error = refused(blob);
    expect(error.issues).toHaveLength(21);
    expect(error.issues[0]?.path).toBe(`${'k'.repeat(64)}…`);
    expect(error.issues[20]).toEqual({ path: '', message: 'and the 9981 options after these are unchecked' });
    expect(error.message.length).toBeLessThan(10_000);
  });

  it('undefined values are the same as leaving an option out', () => {
    expect(
      () => new SendosoClient({ clientId: undefined, logger: undefined, timeoutMs: undefined }),
    ).not.toThrow();
  });
});

describe('missing credentials', () => {
  it('are not needed to construct a client or to use a token it already has', async () => {
    const s = await sandbox();
    const signedIn = await authorizedClient(s);
    const token = await signedIn.auth.getToken();
    const { baseUrl, authBaseUrl } = s.clientOptions();
    const client = new SendosoClient({ baseUrl, authBaseUrl, token, logLevel: 'off' });
    expect((await client.me()).id).toBeDefined();
  });

  it('are asked for by the call that needs them, before anything is sent', async () => {
    const s = await sandbox();
    vi.stubEnv('SENDOSO_CLIENT_ID', undefined);
    vi.stubEnv('SENDOSO_CLIENT_SECRET', undefined);
    const client = clientFor(s, { clientId: undefined, clientSecret: undefined });
    await expect(client.auth.exchangeCode(await s.authorize())).rejects.toBeInstanceOf(ValidationError);
    expect(s.requests.filter((r) => r.path === '/oauth/token')).toEqual([]);
  });

  it('name the one that is missing and the env variable that would supply it', async () => {
    const s = await sandbox();
    vi.stubEnv('SENDOSO_CLIENT_SECRET', undefined);
    const noSecret = clientFor(s, { clientSecret: undefined });
    const err = await noSecret.auth.exchangeCode(await s.authorize()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues).toEqual([
      expect.objectContaining({
        path: 'clientSecret',
        message: expect.stringContaining('SENDOSO_CLIENT_SECRET'),
      }),
    ]);
    vi.stubEnv('SENDOSO_CLIENT_ID', undefined);
    const noId = clientFor(s, { clientId: undefined });
    const idErr = await noId.auth.exchangeCode(await s.authorize()).catch((e: unknown) => e);
    expect((idErr as ValidationError).issues[0]?.message).toContain('SENDOSO_CLIENT_ID');
  });
});

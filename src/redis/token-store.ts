import { AsyncLocalStorage } from 'node:async_hooks';
import { Mutex } from '../auth/mutex.js';
import { CoordinationError } from '../errors.js';
import type { OptionTable } from '../option-checks.js';
import { LuaScript, type RedisCalls, type RedisConnection } from './connection.js';
import type { Token, TokenStore } from './core-types.js';
import { durationMs, redisKey, redisPiece } from './options.js';
import { type HeldLock, RedisLock } from './redis-lock.js';

/** Options of {@link RedisTokenStore}. */
export interface RedisTokenStoreOptions {
  /** The Redis key of the token (a hash: the token's JSON and a version). One per Sendoso account. */
  key: string;
  /**
   * The lock (`<key>:lock`) expires this long after its holder stopped extending it (it extends it
   * every third of this while it refreshes), so a process that died mid-refresh blocks the others
   * this long at most. Default 10_000.
   */
  lockTtlMs?: number;
  /** Waiting for the lock gives up after this long with a `CoordinationError`. Default 60_000. */
  lockWaitMs?: number;
  /** Each Redis call gives up after this long with a `CoordinationError`. Default 2_000. */
  commandTimeoutMs?: number;
}

const optionChecks: OptionTable<RedisTokenStoreOptions> = {
  key: redisKey,
  lockTtlMs: durationMs(100),
  lockWaitMs: durationMs(0),
  commandTimeoutMs: durationMs(1),
};

/**
 * Writes the token only while the lock still names this owner and nobody wrote since it was read
 * under that lock (version compare-and-set). Returns the new version, -1 without the lock, -2 when
 * the version moved.
 */
const COMMIT = new LuaScript(`
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return -1 end
local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if ARGV[2] ~= '' and tonumber(ARGV[2]) ~= version then return -2 end
if ARGV[3] == '' then
  redis.call('DEL', KEYS[1])
else
  redis.call('HSET', KEYS[1], 'token', ARGV[3], 'version', version + 1)
end
return version + 1
`);

/**
 * What a `lock` run knows: its owner, and the version its last read saw. `over` once the run ended:
 * work the run started without awaiting it still carries this context, and must not count as holding.
 */
type LockContext = { held: HeldLock; version: number | undefined; over: boolean };

/**
 * A token store in Redis for every process of an app that shares one Sendoso account. Sendoso
 * rotates refresh tokens, so only one process may refresh a stale token: the SDK refreshes inside
 * {@link RedisTokenStore.lock}, which holds a Redis lock (`SET <key>:lock owner NX PX ttl`), re-reads
 * the token (a sibling may have refreshed it meanwhile, and then its pair is used), refreshes only if
 * it is still stale, and writes with a script that checks the lock is still this process's and the
 * version is still the one it read. Waiting processes poll the lock every few ms and, once they get
 * it, find the new pair. `set` and `clear` outside `lock` take the lock themselves, so nothing is
 * ever written without it.
 *
 * Redis down: every call is a `CoordinationError`; no refresh starts without the lock. A client
 * that already holds a valid token keeps using it.
 */
export class RedisTokenStore implements TokenStore {
  /** The Redis key of the token. */
  readonly key: string;
  readonly #calls: RedisCalls;
  readonly #lock: RedisLock;
  /** One lock attempt at a time per store object: callers in this process queue here, not in Redis. */
  readonly #local = new Mutex();
  readonly #context = new AsyncLocalStorage<LockContext>();

  constructor(redis: RedisConnection, options: RedisTokenStoreOptions) {
    const { opts, calls } = redisPiece(redis, options, optionChecks, ['key'], 'RedisTokenStore');
    this.key = opts.key;
    this.#calls = calls;
    this.#lock = new RedisLock(
      this.#calls,
      `${opts.key}:lock`,
      opts.lockTtlMs ?? 10_000,
      opts.lockWaitMs ?? 60_000,
    );
  }

  /** The stored token, or undefined when the key is empty. */
  async get(): Promise<Token | undefined> {
    const answer = await this.#calls.send(
      ['HMGET', this.key, 'token', 'version'],
      `reading the token ${this.key}`,
    );
    const [text, version] = Array.isArray(answer) ? answer : [];
    const context = this.#held();
    if (context) context.version = typeof version === 'string' ? Number(version) : 0;
    if (typeof text !== 'string') return undefined;
    return parseToken(text, this.key);
  }

  /** Writes the token under the lock (taking it when the caller does not hold it). */
  async set(token: Token): Promise<void> {
    await this.#write(JSON.stringify(token));
  }

  /** Deletes the token under the lock (taking it when the caller does not hold it). */
  async clear(): Promise<void> {
    await this.#write('');
  }

  /**
   * Runs `fn` holding the Redis lock `<key>:lock`: the SDK refreshes, exchanges and revokes inside it.
   * Throws `CoordinationError` when Redis fails or the lock stays taken for `lockWaitMs`.
   */
  lock<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#held()) return fn(); // already ours (a write from inside a lock run)
    return this.#local.run(async () => {
      const context: LockContext = { held: await this.#lock.acquire(), version: undefined, over: false };
      try {
        return await this.#context.run(context, fn);
      } finally {
        context.over = true;
        await context.held.release();
      }
    });
  }

  /** The lock run the caller is inside of, while it lasts. */
  #held(): LockContext | undefined {
    const context = this.#context.getStore();
    return context?.over === false ? context : undefined;
  }

  async #write(value: string): Promise<void> {
    const context = this.#held();
    if (!context) return this.lock(() => this.#write(value));
    const expected = context.version === undefined ? '' : String(context.version);
    const result = await this.#calls.run(
      COMMIT,
      [this.key, this.#lock.key],
      [context.held.owner, expected, value],
      `writing the token ${this.key}`,
    );
    if (result === -1) {
      throw new CoordinationError(
        `The token lock ${this.#lock.key} expired before the token was written (this process was paused for longer than lockTtlMs); the token was not written`,
      );
    }
    if (result === -2) {
      throw new CoordinationError(`The token ${this.key} changed under the lock; the token was not written`);
    }
    context.version = Number(result);
  }

  /** Never print what the store holds. */
  toJSON(): Record<string, unknown> {
    return { key: this.key };
  }
}

function parseToken(text: string, key: string): Token {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined; // JSON.parse's message would quote part of the token
  }
  const token = value as Partial<Token> | null | undefined;
  if (typeof token?.accessToken === 'string' && typeof token.expiresAt === 'number') return token as Token;
  throw new CoordinationError(`The Redis key ${key} does not hold a token`);
}

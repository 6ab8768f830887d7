import { createHash } from 'node:crypto';
import { CoordinationError, ValidationError } from '../errors.js';

/**
 * What the Redis pieces need of a Redis client: a connected node-redis client
 * (`await createClient({ url }).connect()`, node-redis 5 or newer) has it. Only raw commands are used,
 * so any client whose `sendCommand` takes an argument list works.
 */
export interface RedisConnection {
  /** Sends one command (`['EVALSHA', sha, ...]`) and resolves to Redis's reply. */
  sendCommand(args: Array<string | Buffer>, options?: RedisCommandOptions): Promise<unknown>;
  /** node-redis: false while the connection is down (reconnecting); commands then fail at once. */
  readonly isReady?: boolean;
}

/** The node-redis command options used: cancel a command still queued, and read bulk strings as bytes. */
export interface RedisCommandOptions {
  /** Aborting it takes a command that is still queued (Redis unreachable) out of the queue. */
  abortSignal?: AbortSignal;
  /** Which JavaScript type each RESP type is read as (bulk strings as `Buffer` for binary state). */
  typeMapping?: { [respType: number]: unknown };
}

/** RESP's bulk-string type ('$'): mapped to Buffer where a value is binary (poll state). */
const BULK_STRING = 36;

/** The first argument of every Redis piece: refused at construction unless it can send commands. */
export function checkConnection(redis: unknown, what: string): RedisConnection {
  if (
    typeof redis !== 'object' ||
    redis === null ||
    typeof (redis as Partial<RedisConnection>).sendCommand !== 'function'
  ) {
    throw new ValidationError(`Invalid ${what}`, [
      {
        path: 'redis',
        message: 'must be a connected node-redis client (await createClient({ url }).connect())',
      },
    ]);
  }
  return redis as RedisConnection;
}

/** A Lua script, sent by its SHA1 and loaded again when Redis lost it (a restart, `SCRIPT FLUSH`). */
export class LuaScript {
  readonly source: string;
  readonly sha: string;

  constructor(source: string) {
    this.source = source;
    this.sha = createHash('sha1').update(source).digest('hex');
  }
}

/**
 * Commands against one Redis, each bounded in time: a Redis that is down, or does not answer within
 * `timeoutMs`, is a `CoordinationError` at once instead of a command parked in node-redis's offline
 * queue until Redis comes back (by then the caller has long given up, or worse, acted without it).
 */
export class RedisCalls {
  readonly #redis: RedisConnection;
  readonly #timeoutMs: number;

  constructor(redis: RedisConnection, timeoutMs: number) {
    this.#redis = redis;
    this.#timeoutMs = timeoutMs;
  }

  /** Sends one command; `doing` completes "Redis failed while …" in the error. */
  async send(args: Array<string | Buffer>, doing: string, binary = false): Promise<unknown> {
    if (this.#redis.isReady === false) {
      throw new CoordinationError(`Redis is not connected (${doing})`);
    }
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // Still queued: never sent. Already sent: Redis may yet run it, which every caller allows for.
        controller.abort();
        reject(new CoordinationError(`Redis did not answer within ${this.#timeoutMs} ms (${doing})`));
      }, this.#timeoutMs);
    });
    const options: RedisCommandOptions = { abortSignal: controller.signal };
    if (binary) options.typeMapping = { [BULK_STRING]: Buffer };
    try {
      return await Promise.race([this.#redis.sendCommand(args, options), timeout]);
    } catch (err) {
      if (err instanceof CoordinationError) throw err;
      throw coordinationError(err, doing);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs `script` (EVALSHA, falling back to EVAL when Redis does not have it). */
  async run(
    script: LuaScript,
    keys: string[],
    args: Array<string | Buffer>,
    doing: string,
    binary = false,
  ): Promise<unknown> {
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await this.send(['EVALSHA', script.sha, ...tail], doing, binary);
    } catch (err) {
      if (!(err instanceof CoordinationError) || !/NOSCRIPT/.test(String(causeOf(err)))) throw err;
      return this.send(['EVAL', script.source, ...tail], doing, binary);
    }
  }
}

function causeOf(err: CoordinationError): unknown {
  return (err as { cause?: unknown }).cause;
}

/** A Redis failure as a CoordinationError; the message names the Redis error, never a value sent. */
function coordinationError(err: unknown, doing: string): CoordinationError {
  const message = err instanceof Error ? err.message : String(err);
  // A Redis error reply is one line; a client error may carry more (never the arguments).
  const why = message.split('\n')[0]?.slice(0, 200) || 'unknown error';
  return new CoordinationError(`Redis failed (${doing}): ${why}`, { cause: err });
}

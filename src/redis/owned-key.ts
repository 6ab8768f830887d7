/**
 * A Redis key that holds its owner's value while it is owned, and expires unless the owner extends
 * it: the token lock and the poll leases. Extending and deleting check the value in the same script,
 * since after an expiry the key may be someone else's.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { LuaScript } from './connection.js';

/** KEYS: key. ARGV: value, ttlMs. 1 when extended, 0 when the key no longer holds this value. */
export const EXTEND_IF_OWNED = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`);

/** KEYS: key. ARGV: value. Deletes the key only while it still holds this value. */
export const DELETE_IF_OWNED = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`);

/** A new owner name, "<host>:<pid>:<random>": unique, and says which process holds the key. */
export function newOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(9).toString('base64url')}`;
}

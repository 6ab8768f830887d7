import type { z } from 'zod';
import { ApiError, ValidationError, type ValidationIssue } from '../errors.js';
import { clipText, errorBody } from '../http/redact.js';
import { jsonDataIssues } from './plain-json.js';
import { compileRecordCheck } from './record-check.js';

/** zod issues → our issues: a dotted path and a message per bad field. */
export function toIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/**
 * Validates input the caller gave us; nothing is sent when it fails. Returns a deep copy of what
 * was validated, so a caller that reuses or changes its object after the call (a loop filling one
 * body) can never make the SDK send something other than what passed validation.
 */
export function validateInput<T>(schema: z.ZodType<unknown, T>, value: unknown, what: string): T {
  // The copy is what is validated and what is sent: the same object, whatever the caller does next.
  const copy = snapshot(value, what);
  const result = schema.safeParse(copy);
  if (!result.success) throw new ValidationError(what, toIssues(result.error));
  return copy as T;
}

/**
 * A deep copy of a JSON body; a value JSON cannot carry (a function, a BigInt, a cycle, a class
 * instance, a `__proto__` key) is a ValidationError naming where it is.
 */
export function snapshot(value: unknown, what: string): unknown {
  const issues = jsonDataIssues(value);
  if (issues.length > 0) throw new ValidationError(what, issues);
  try {
    return structuredClone(value);
  } catch {
    throw new ValidationError(what, [
      { path: '', message: 'must be plain JSON data (no functions or class instances)' },
    ]);
  }
}

/**
 * Validates what Sendoso answered. A mismatch is Sendoso's doing, not the caller's, so it is an
 * `ApiError` carrying the status and the issues, rather than silently wrong data.
 */
export function parseOutput<T>(schema: z.ZodType<T>, value: unknown, what: string, status: number): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = toIssues(result.error)
    .slice(0, 5)
    .map((i) => `${i.path || '(root)'}: ${i.message}`)
    .join('; ');
  throw new ApiError({
    status,
    message: `Unexpected response shape for ${what}: ${clipText(issues, 1000)}`,
    body: errorBody(value),
  });
}

/**
 * `parseOutput` for hot paths (every record of every page). Response schemas keep unknown fields
 * and never transform (test/resources/fixtures.test.ts holds them to that), so an accepted record
 * is returned as is: the compiled check accepts it without zod's per-field machinery, and anything
 * it does not accept goes through zod, which has the final word and the error messages.
 */
export function recordParser<T>(schema: z.ZodType<T>, what: string): (value: unknown) => T {
  const check = compileRecordCheck(schema);
  return (value) => (check(value) ? (value as T) : parseOutput(schema, value, what, 200));
}

/**
 * Longest id or object name accepted. Sendoso's ids are short numbers or tokens; a megabyte-long
 * "id" is a bug or an attack, and would end up whole in URLs, logs and error messages.
 */
export const MAX_ID_LENGTH = 1000;

/**
 * Ids are non-empty strings (at most {@link MAX_ID_LENGTH} characters) or safe integers; anything
 * else would build a wrong path. `.` and `..` are refused even though they get percent-encoded: URL
 * parsers resolve `%2E%2E` as a dot segment, so `get('..')` would reach another endpoint. Messages
 * never quote the value.
 */
export function checkId(id: unknown, name = 'id'): string | number {
  if (typeof id === 'number' && Number.isSafeInteger(id)) return id;
  if (typeof id === 'string' && id.length > MAX_ID_LENGTH) throw tooLong('Invalid id', name, id.length);
  if (typeof id === 'string' && id.length > 0 && id !== '.' && id !== '..') return id;
  throw new ValidationError('Invalid id', [
    { path: name, message: 'must be a non-empty string (not "." or "..") or an integer' },
  ]);
}

/** A path segment the caller names (an object name): same rule as ids, strings only. */
export function checkSegment(value: unknown, name: string): string {
  if (typeof value === 'string' && value.length > MAX_ID_LENGTH)
    throw tooLong('Invalid name', name, value.length);
  if (typeof value === 'string' && value.length > 0 && value !== '.' && value !== '..') return value;
  throw new ValidationError('Invalid name', [
    { path: name, message: 'must be a non-empty string other than "." and ".."' },
  ]);
}

function tooLong(what: string, name: string, length: number): ValidationError {
  return new ValidationError(what, [
    { path: name, message: `must be at most ${MAX_ID_LENGTH} characters long (got ${length})` },
  ]);
}

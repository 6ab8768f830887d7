import type { z } from 'zod';
import { ApiError, ValidationError, type ValidationIssue } from '../errors.js';
import { compileRecordCheck } from './record-check.js';

/** zod issues → our issues: a dotted path and a message per bad field. */
export function toIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** Validates input the caller gave us; nothing is sent when it fails. */
export function validateInput<T>(schema: z.ZodType<unknown, T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(what, toIssues(result.error));
  return value as T;
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
  throw new ApiError({ status, message: `Unexpected response shape for ${what}: ${issues}`, body: value });
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

/** Ids are non-empty strings or integers; anything else would build a wrong path. */
export function checkId(id: unknown, name = 'id'): string | number {
  if ((typeof id === 'string' && id.length > 0) || (typeof id === 'number' && Number.isInteger(id)))
    return id;
  throw new ValidationError('Invalid id', [
    { path: name, message: 'must be a non-empty string or an integer' },
  ]);
}

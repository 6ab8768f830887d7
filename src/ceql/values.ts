/** Checks and normalises what callers put into a condition: field names and literal values. */
import { ValidationError } from '../errors.js';
import type { Literal } from './ast.js';

/** A value a builder accepts. A Date is stored as its `toISOString()` text. */
export type Value = string | number | boolean | Date;

const WHAT = 'Invalid CEQL condition';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Returns `field` if it is a non-empty string; throws `ValidationError` otherwise. */
export function checkField(field: unknown): string {
  if (typeof field !== 'string' || field === '') {
    throw new ValidationError(WHAT, [
      { path: '', message: `a field name must be a non-empty string, got ${describe(field)}` },
    ]);
  }
  return field;
}

/**
 * The literal stored for `value`, or a `ValidationError` naming `field`. NaN and ±Infinity have no
 * CEQL text, `-0` prints as `0`, and a Date becomes ISO text so a parsed copy of the condition is equal.
 */
export function toLiteral(value: unknown, field: string): Literal {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value === 0 ? 0 : value;
    return fail(field, `a number must be finite, got ${describe(value)}`);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return fail(field, 'the Date is invalid');
    return value.toISOString();
  }
  const hint = value === null ? ' (use isNull() / isNotNull() for null)' : '';
  return fail(
    field,
    `a value must be a string, a finite number, a boolean or a Date, got ${describe(value)}${hint}`,
  );
}

/** The literals for an `IN` list: a non-empty array of values. */
export function toLiterals(values: unknown, field: string): Literal[] {
  if (!Array.isArray(values)) return fail(field, `IN needs an array of values, got ${describe(values)}`);
  if (values.length === 0) return fail(field, 'IN needs at least one value');
  return values.map((v) => toLiteral(v, field));
}

/** A LIKE pattern: a string. */
export function toPattern(pattern: unknown, field: string): string {
  if (typeof pattern !== 'string')
    return fail(field, `a LIKE pattern must be a string, got ${describe(pattern)}`);
  return pattern;
}

function fail(field: string, message: string): never {
  throw new ValidationError(WHAT, [{ path: field, message }]);
}

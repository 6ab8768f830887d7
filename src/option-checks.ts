/**
 * Checks an options object against a table of its known keys, so plain JavaScript callers (no
 * compiler to catch `clientSecrett` or `logger: {}`) get one `ValidationError` naming every bad
 * path when they construct something, not a `TypeError` deep inside a later call. Each options type
 * has one table; adding an option is adding its row, and the table's type makes forgetting one a
 * compile error.
 */
import { didYouMean } from './did-you-mean.js';
import type { ValidationIssue } from './errors.js';

/**
 * Checks one given (not `undefined`) option value: `undefined` when it is fine, a message for the
 * option's own path, or issues whose paths are relative to the option (for nested options).
 */
export type OptionCheck = (value: unknown) => string | ValidationIssue[] | undefined;

/** Problems one error lists before it stops. */
const MAX_ISSUES = 20;

/** One check per key of `T`, required or not. */
export type OptionTable<T> = { readonly [K in keyof Required<T>]: OptionCheck };

/**
 * True for `{...}` objects: not arrays, class instances or objects with a planted prototype (an
 * options literal with `__proto__: {...}` would otherwise lend its prototype's values as options).
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Every issue with `options`: not a plain object, unknown keys (with the likely intended name), and
 * each known key's own check. Paths are prefixed with `prefix` (`resources.touches`).
 */
export function checkOptions<T>(
  options: unknown,
  table: OptionTable<T>,
  prefix = '',
  what = 'options',
): ValidationIssue[] {
  if (!isPlainObject(options)) {
    return [{ path: prefix, message: `${what} must be a plain object ({ ... })` }];
  }
  const known = Object.keys(table);
  const issues: ValidationIssue[] = [];
  const keys = Object.keys(options);
  for (const [index, key] of keys.entries()) {
    // An error names a handful of problems, not a pasted blob's every key.
    if (issues.length >= MAX_ISSUES) {
      issues.push({
        path: prefix,
        message: `and the ${keys.length - index} options after these are unchecked`,
      });
      break;
    }
    const path = join(prefix, key.length > 64 ? `${key.slice(0, 64)}…` : key);
    if (!Object.hasOwn(table, key)) {
      const hint = didYouMean(key, known);
      issues.push({
        path,
        message: hint ? `unknown option${hint}` : `unknown option; known options are ${known.join(', ')}`,
      });
      continue;
    }
    const value = options[key];
    if (value === undefined) continue;
    const result = (table as Record<string, OptionCheck>)[key]?.(value);
    if (typeof result === 'string') issues.push({ path, message: result });
    else if (result) for (const issue of result) issues.push({ ...issue, path: join(path, issue.path) });
  }
  return issues;
}

function join(prefix: string, key: string): string {
  if (!prefix) return key;
  return key ? `${prefix}.${key}` : prefix;
}

// Checks the tables are made of. Messages never quote the value: it may be a secret.

export const isString: OptionCheck = (v) => (typeof v === 'string' ? undefined : 'must be a string');

export const isBoolean: OptionCheck = (v) => (typeof v === 'boolean' ? undefined : 'must be true or false');

export const isStringArray: OptionCheck = (v) =>
  Array.isArray(v) && v.every((item) => typeof item === 'string') ? undefined : 'must be an array of strings';

export const isAbortSignal: OptionCheck = (v) =>
  v instanceof AbortSignal ? undefined : 'must be an AbortSignal';

/** A finite number >= `min` (and an integer when `integer`). */
export function isNumber(min: number, { integer = false, max = Number.POSITIVE_INFINITY } = {}): OptionCheck {
  const range = max === Number.POSITIVE_INFINITY ? `>= ${min}` : `from ${min} to ${max}`;
  const message = `must be ${integer ? 'an integer' : 'a number'} ${range}`;
  return (v) =>
    typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max && (!integer || Number.isInteger(v))
      ? undefined
      : message;
}

/** One of the listed strings. */
export function isOneOf(values: readonly string[]): OptionCheck {
  const message = `must be one of ${values.map((v) => `'${v}'`).join(', ')}`;
  return (v) => (typeof v === 'string' && values.includes(v) ? undefined : message);
}

/** An object with these methods (a logger, a store). */
export function hasMethods(what: string, methods: readonly string[]): OptionCheck {
  return (v) => {
    if (typeof v !== 'object' || v === null) return `must be ${what} (an object with ${methods.join(', ')})`;
    const missing = methods.filter((m) => typeof (v as Record<string, unknown>)[m] !== 'function');
    return missing.length === 0 ? undefined : `must be ${what}: missing method ${missing.join(', ')}`;
  };
}

/**
 * Issues for nested option data (route overrides): every object must be plain, and no object may
 * carry a `__proto__` key. `JSON.parse` makes such a key an ordinary property, which validators skip
 * and a later merge turns into a prototype; an object literal makes it the prototype itself, whose
 * values then read as options nobody checked. Either way, the SDK refuses it rather than guess.
 */
export function plainDataIssues(value: unknown, path = '', depth = 4): ValidationIssue[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || depth === 0) return [];
  if (!isPlainObject(value)) {
    return [{ path, message: 'must be a plain object ({ ... }; a __proto__ key is not allowed)' }];
  }
  const issues: ValidationIssue[] = [];
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key;
    if (key === '__proto__') issues.push({ path: at, message: 'a __proto__ key is not allowed' });
    else issues.push(...plainDataIssues(value[key], at, depth - 1));
  }
  return issues;
}

/**
 * Client-wide `defaultHeaders` and `defaultQuery`: how they are checked when a client is built, and
 * how they meet each request's own headers and parameters. Messages never quote a value: a header
 * may carry an API key of the app's own.
 */
import type { ValidationIssue } from '../errors.js';
import { isPlainObject } from '../option-checks.js';

export type HeaderMap = Record<string, string>;
export type QueryMap = Record<string, string | number | boolean>;

/** RFC 9110 token characters: anything else in a header name is refused by Node at send time. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A header value may not break the line it sits on (request smuggling) or carry NUL. */
const BAD_VALUE = /[\r\n\0]/;

/**
 * Headers the SDK or Node owns. `Authorization` comes from the token manager, so a default can never
 * send a stale or foreign token; the others describe the message itself.
 */
const OWNED: Record<string, string> = {
  authorization: 'is set from the OAuth token by the SDK; it cannot be a default header',
  host: 'is set from baseUrl',
  'content-length': 'is set from the body',
  'transfer-encoding': 'is set by Node',
  connection: 'is managed by the HTTP agent',
};

/**
 * A call's own `headers`: strings under valid names, with no CR, LF or NUL (Node would refuse them
 * only while sending). The message names the header, never its value (it may be a secret).
 */
export function callHeadersIssue(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'must map names to strings';
  const entries = Object.entries(value);
  if (!entries.every(([, v]) => typeof v === 'string')) return 'must map names to strings';
  for (const [name, v] of entries as [string, string][]) {
    const shown = JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
    if (!HEADER_NAME.test(name)) return `${shown} is not a valid header name`;
    if (BAD_VALUE.test(v)) return `${shown} must not contain CR, LF or NUL`;
  }
  return undefined;
}

export function headerIssues(value: unknown): ValidationIssue[] | string | undefined {
  if (!isPlainObject(value)) return 'must be a plain object of header names to strings';
  const issues: ValidationIssue[] = [];
  for (const [name, v] of Object.entries(value)) {
    const owned = OWNED[name.toLowerCase()];
    if (!HEADER_NAME.test(name)) issues.push({ path: name, message: 'is not a valid header name' });
    else if (owned) issues.push({ path: name, message: owned });
    else if (typeof v !== 'string') issues.push({ path: name, message: 'must be a string' });
    else if (BAD_VALUE.test(v)) issues.push({ path: name, message: 'must not contain CR, LF or NUL' });
  }
  return issues.length > 0 ? issues : undefined;
}

export function queryIssues(value: unknown): ValidationIssue[] | string | undefined {
  if (!isPlainObject(value)) return 'must be a plain object of parameter names to values';
  const issues: ValidationIssue[] = [];
  for (const [name, v] of Object.entries(value)) {
    if (name === '') issues.push({ path: name, message: 'a parameter name must not be empty' });
    const ok =
      typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
    if (!ok) issues.push({ path: name, message: 'must be a string, a finite number or a boolean' });
  }
  return issues.length > 0 ? issues : undefined;
}

/**
 * `base` with `over` on top, header names compared without case (`x-trace` replaces `X-Trace`
 * instead of sending both). Each later map wins.
 */
export function mergeHeaders(...maps: ReadonlyArray<Readonly<HeaderMap> | undefined>): HeaderMap {
  const byName = new Map<string, [string, string]>();
  for (const map of maps) {
    if (!map) continue;
    for (const [name, value] of Object.entries(map)) byName.set(name.toLowerCase(), [name, value]);
  }
  return Object.fromEntries(byName.values());
}

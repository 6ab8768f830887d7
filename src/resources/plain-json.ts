/**
 * What a request body may hold: JSON data, nothing that `JSON.stringify` would drop, reshape or
 * choke on after validation passed. Checked before anything is sent, so a bad body is a
 * `ValidationError` naming the path, never a `TypeError` half-way through a request.
 */
import type { ValidationIssue } from '../errors.js';

/** Issues that keep `value` from being sent as the JSON it looks like; empty when it is fine. */
export function jsonDataIssues(value: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const open = new Set<object>();
  // Iterative, with an explicit exit marker per object, so a deep body cannot exhaust the stack
  // and a cycle (which JSON cannot express) is found as a back-reference to an open object.
  const stack: Array<{ value: unknown; path: string } | { exit: object }> = [{ value, path: '' }];
  while (stack.length > 0 && issues.length < 20) {
    const frame = stack.pop()!;
    if ('exit' in frame) {
      open.delete(frame.exit);
      continue;
    }
    const { value: item, path } = frame;
    const problem = scalarProblem(item);
    if (problem) issues.push({ path, message: problem });
    if (typeof item !== 'object' || item === null || item instanceof Date) continue;
    if (open.has(item)) {
      issues.push({
        path,
        message: 'refers back to an object that contains it (JSON cannot express cycles)',
      });
      continue;
    }
    const proto = Object.getPrototypeOf(item);
    const isArray = Array.isArray(item);
    if (!isArray && proto !== Object.prototype && proto !== null) {
      issues.push({
        path,
        message: 'must be a plain object or array (not a class instance or a planted prototype)',
      });
      continue;
    }
    open.add(item);
    stack.push({ exit: item });
    for (const key of Object.keys(item)) {
      const at = isArray ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (!isArray && key === '__proto__') {
        issues.push({ path: at, message: 'a __proto__ key is not allowed' });
        continue;
      }
      stack.push({ value: (item as Record<string, unknown>)[key], path: at });
    }
  }
  return issues;
}

function scalarProblem(value: unknown): string | undefined {
  switch (typeof value) {
    case 'bigint':
      return 'a BigInt is not JSON data (use a number or a string)';
    case 'function':
    case 'symbol':
      return `a ${typeof value} is not JSON data`;
    default:
      return undefined;
  }
}

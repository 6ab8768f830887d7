/**
 * Sendoso's records never have a field named `__proto__`, but `JSON.parse` turns such a key into an
 * ordinary property, which a later `Object.assign` or deep merge in the app turns into a prototype.
 * The SDK's one rule: no object it returns carries a `__proto__` key. Every JSON body is cleaned
 * here, on the one request path, so `list`, `get`, `create`, `update` and pollers agree.
 */

/**
 * Could `text` hold a `__proto__` key? Only if the name is there literally or written with `\u`
 * escapes; most bodies have neither, and skip the walk.
 */
export function mayHoldProtoKey(text: string): boolean {
  return text.includes('__proto__') || text.includes('\\u');
}

/** Deletes every own `__proto__` property in a parsed JSON value, at any depth (without recursion). */
export function dropProtoKeys(value: unknown): void {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item !== 'object' || item === null) continue;
    if (Array.isArray(item)) {
      for (const element of item) if (typeof element === 'object' && element !== null) stack.push(element);
      continue;
    }
    const record = item as Record<string, unknown>;
    // Removes the own data property; it never reaches Object.prototype's accessor.
    if (Object.hasOwn(record, '__proto__')) Reflect.deleteProperty(record, '__proto__');
    for (const key of Object.keys(record)) {
      const child = record[key];
      if (typeof child === 'object' && child !== null) stack.push(child);
    }
  }
}

/**
 * Percent-encodes one path segment, so `../me` becomes `..%2Fme` and stays one segment. A whole
 * segment of `.` or `..` cannot be made safe by encoding (URL parsers resolve `%2E%2E` too): callers
 * refuse those first (`checkId`, `checkSegment`).
 */
export function encodeSegment(value: string | number): string {
  return encodeURIComponent(String(value));
}

/** Fills `{name}` placeholders of a route template with encoded segments. */
export function fillPath(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`missing path parameter ${name}`);
    return encodeSegment(value);
  });
}

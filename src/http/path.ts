/**
 * Tagged template for request paths: every interpolated value is one percent-encoded segment, so
 * `path\`/touches/${id}\`` with id `../me` becomes `/touches/..%2Fme` and can never reach `/me`.
 */
export function path(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += encodeSegment(value) + (strings[i + 1] ?? '');
  });
  return out;
}

/** Percent-encodes one path segment, including `.` and `..` which URL parsers would otherwise resolve. */
export function encodeSegment(value: string | number): string {
  const encoded = encodeURIComponent(String(value));
  if (encoded === '.' || encoded === '..') return encoded.replace(/\./g, '%2E');
  return encoded;
}

/** Fills `{name}` placeholders of a route template with encoded segments. */
export function fillPath(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`missing path parameter ${name}`);
    return encodeSegment(value);
  });
}

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

/** Longest path shown in messages, logs and events; ids may be long, and a line should stay a line. */
const MAX_SHOWN_PATH = 200;

/** `path` as shown to people: cut after 200 characters (never inside a `%XX` escape), saying how much was left out. */
export function shownPath(path: string): string {
  if (path.length <= MAX_SHOWN_PATH) return path;
  let cut = MAX_SHOWN_PATH;
  if (path[cut - 1] === '%') cut -= 1;
  else if (path[cut - 2] === '%') cut -= 2;
  return `${path.slice(0, cut)}…[${path.length - cut} more characters]`;
}

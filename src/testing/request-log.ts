import { isRecord } from './http-io.js';
import type { LoggedRequest } from './types.js';

/** OAuth parameters that are credentials; the log keeps the key (so tests see it was sent), not the value. */
const SECRET_KEYS = new Set([
  'client_secret',
  'code',
  'code_verifier',
  'refresh_token',
  'access_token',
  'token',
]);
const REDACTED = '[redacted]';

/** The request log. Headers are never recorded (they carry `Authorization`). */
export class RequestLog {
  #entries: LoggedRequest[] = [];

  start(entry: Omit<LoggedRequest, 'status' | 'body'>): LoggedRequest {
    const logged: LoggedRequest = {
      ...entry,
      query: redact(entry.path, entry.query),
      queryAll: redact(entry.path, entry.queryAll, [REDACTED]),
      body: undefined,
      status: 0,
    };
    this.#entries.push(logged);
    return logged;
  }

  setBody(entry: LoggedRequest, body: unknown): void {
    entry.body = isRecord(body) ? redact(entry.path, body) : body;
  }

  snapshot(): readonly LoggedRequest[] {
    return this.#entries.slice();
  }

  clear(): void {
    this.#entries = [];
  }
}

/** OAuth paths lose every secret; elsewhere only an `access_token` (query-string bearer) is dropped. */
function redact<T extends Record<string, unknown>>(
  path: string,
  values: T,
  replacement: unknown = REDACTED,
): T {
  const oauth = path.startsWith('/oauth/');
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(values)) {
    if (oauth ? SECRET_KEYS.has(key) : key === 'access_token') {
      copy ??= { ...values };
      copy[key] = replacement;
    }
  }
  return (copy ?? values) as T;
}

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggedRequest } from './types.js';
import { closedWhileWaiting } from './wait.js';

/** One request in flight: what was asked, the parsed body, and its log entry. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** Raw path, still percent-encoded, without the query. */
  path: string;
  query: Record<string, string>;
  /** Every value of every parameter, repeated ones (`category_ids[]`) included. */
  queryAll: Record<string, string[]>;
  body: unknown;
  log: LoggedRequest;
  /** The second half of the sandbox's latency: the answer waits this long (cut short by close()). */
  answerDelay?: { ms: number; closing: AbortSignal };
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

/**
 * Splits the request target by hand: WHATWG `URL` would resolve `..` and `%2e%2e` segments, and the
 * sandbox must see exactly the path the client sent (`/touches/..%2Fme` is a touch id, not `/me`).
 */
export function parseTarget(target: string): {
  path: string;
  query: Record<string, string>;
  queryAll: Record<string, string[]>;
} {
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  const params = new URLSearchParams(q === -1 ? '' : target.slice(q + 1));
  const queryAll: Record<string, string[]> = {};
  for (const name of new Set(params.keys())) queryAll[name] = params.getAll(name);
  return { path: path || '/', query: Object.fromEntries(params), queryAll };
}

/** Percent-decodes each segment on its own, so an encoded `/` stays inside its segment. */
export function pathSegments(path: string): string[] | undefined {
  try {
    return path
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError('Request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export type ParsedBody = { ok: true; value: unknown } | { ok: false; message: string };

/** JSON unless the client says it sent a form (Sendoso's token endpoint is seen taking both). */
export function parseBody(contentType: string | undefined, raw: Buffer): ParsedBody {
  if (raw.length === 0) return { ok: true, value: undefined };
  const text = raw.toString('utf8');
  if (contentType?.toLowerCase().includes('application/x-www-form-urlencoded')) {
    return { ok: true, value: Object.fromEntries(new URLSearchParams(text)) };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, message: `Malformed JSON body: ${(err as Error).message}` };
  }
}

/** What a route answers; the pipeline writes it. */
export class Answer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

export const answer = (status: number, body: unknown, headers?: Record<string, string>): Answer =>
  new Answer(status, body, headers);

/** `{success: false, message}`, Sendoso's usual error body. */
export const failure = (status: number, message: string): Answer =>
  new Answer(status, { success: false, message });

/**
 * Every answer is JSON with an `X-Request-Id`; a string body is sent verbatim (faults use it for bad
 * JSON). With latency, it goes out after the second half of the request's round trip.
 */
export function send(ex: Exchange, answer: Answer): void {
  const delay = ex.answerDelay;
  if (!delay) {
    write(ex, answer);
    return;
  }
  ex.answerDelay = undefined;
  void closedWhileWaiting(delay.ms, delay.closing).then((closed) =>
    closed ? ex.req.socket.destroy() : write(ex, answer),
  );
}

function write(ex: Exchange, { status, body, headers }: Answer): void {
  ex.log.status = status;
  const { res } = ex;
  if (res.headersSent || res.destroyed) return;
  const payload = typeof body === 'string' ? body : JSON.stringify(body ?? {});
  const merged: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(payload)),
    'x-request-id': randomUUID(),
  };
  // Lower-cased so a caller's `Content-Type` replaces the default instead of doubling it.
  for (const [name, value] of Object.entries(headers)) merged[name.toLowerCase()] = value;
  ex.log.requestId = merged['x-request-id'];
  res.writeHead(status, merged);
  res.end(payload);
}

/** The access token of an `Authorization: Bearer …` header, if the request carries one. */
export function bearerToken(req: IncomingMessage): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

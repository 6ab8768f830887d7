import type { IncomingMessage, ServerResponse } from 'node:http';
import { ValidationError, WebhookVerificationError } from '../errors.js';
import { MemoryWebhookDedupeStore, type WebhookDedupeStore } from './dedupe.js';
import type { WebhookEvent } from './event.js';
import type { WebhookHeaders } from './headers.js';
import { ClientGoneError, readRawBody } from './raw-body.js';
import type { WebhookSecret } from './secret.js';
import { verifierFor, verifyWith } from './verify.js';

/** Anything with `trigger()`, such as the `Poller` of `client.poll('gifts')`. */
export interface WebhookPollTarget {
  trigger(): Promise<unknown>;
}

export interface WebhookHandlerOptions {
  /** The endpoint's signing secret (`whsec_…`), or several while keys rotate. */
  secret: WebhookSecret;
  /** Runs for each verified, not yet acknowledged event; the request is answered 204 once it resolved. */
  onEvent?: (event: WebhookEvent) => void | Promise<void>;
  /** Where acknowledged ids are remembered. Default a `MemoryWebhookDedupeStore`; `false` turns it off. */
  dedupe?: WebhookDedupeStore | false;
  /**
   * Pollers to `trigger()` for each new event once `onEvent` settled (resolved or threw), so the change
   * arrives as a poll event at once. The answer does not wait for the pass, and a failed pass never
   * becomes a 500: the webhook was received, the poller retries, its interval pass catches up.
   */
  poller?: WebhookPollTarget | readonly WebhookPollTarget[];
  /** Larger bodies are refused (400 `body_too_large`) without reading further. Default 1 MiB. */
  maxBodyBytes?: number;
  /** How far the signed timestamp may be from now, either way. Default 300 s. */
  toleranceSeconds?: number;
  /**
   * Told about failures that do not reach the response: `onEvent` throwing (answered 500), the dedupe
   * store failing, a triggered poll pass failing (the poller also reports it on its own 'error').
   */
  onError?: (error: unknown, event: WebhookEvent | undefined) => void;
}

/** What to answer: 204 without a body, or a status with `{ error: <reason> }`. */
export interface WebhookResponse {
  status: number;
  body?: { error: string };
}

/** A request as a framework may hand it over: Express's `express.raw()` leaves the bytes in `req.body`. */
export type WebhookRequest = IncomingMessage & { body?: unknown };

/** A `(req, res)` handler for `node:http` and Express, plus `process()` for every other framework. */
export interface WebhookHandler {
  (req: WebhookRequest, res: ServerResponse): Promise<void>;
  /** Verifies and handles an already-read raw body; resolves to what to answer. Never rejects. */
  process(rawBody: string | Uint8Array, headers: WebhookHeaders): Promise<WebhookResponse>;
}

const noContent = (): WebhookResponse => ({ status: 204 });
const failed = (status: number, error: string): WebhookResponse => ({ status, body: { error } });

/**
 * Receives Sendoso's webhooks: verifies each request, skips message ids already acknowledged, runs
 * `onEvent`, then answers. 204 only after `onEvent` resolved; 400 `{ error: reason }` when verification
 * fails (`body_too_large` for a body above `maxBodyBytes`); 500 when `onEvent` throws, so Svix delivers it again (the
 * id is not acknowledged). Concurrent deliveries of one id run `onEvent` once and share its answer.
 */
export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  const verifier = verifierFor(options);
  const { onEvent, onError } = options;
  if (onEvent !== undefined && typeof onEvent !== 'function') {
    throw new ValidationError('Invalid webhook options', [
      { path: 'onEvent', message: 'must be a function' },
    ]);
  }
  const pollers: readonly WebhookPollTarget[] =
    options.poller === undefined
      ? []
      : Array.isArray(options.poller)
        ? options.poller
        : [options.poller as WebhookPollTarget];
  if (pollers.some((p) => typeof p?.trigger !== 'function')) {
    throw new ValidationError('Invalid webhook options', [
      { path: 'poller', message: 'must have a trigger() method (a Poller)' },
    ]);
  }
  const dedupe = options.dedupe === undefined ? new MemoryWebhookDedupeStore() : options.dedupe || undefined;
  const inFlight = new Map<string, Promise<WebhookResponse>>();

  const report = (error: unknown, event: WebhookEvent | undefined) => {
    try {
      onError?.(error, event);
    } catch {
      // A throwing error callback must not change the answer Sendoso gets.
    }
  };

  // A pass lists the whole resource and can take longer than Svix waits (15 s): not awaited. Its failure
  // is the poller's to report and retry; the interval pass still catches the change.
  const trigger = (event: WebhookEvent) => {
    for (const poller of pollers) {
      Promise.resolve()
        .then(() => poller.trigger())
        .catch((err: unknown) => report(err, event));
    }
  };

  const handle = async (event: WebhookEvent): Promise<WebhookResponse> => {
    try {
      if (dedupe && (await dedupe.has(event.id))) return noContent();
    } catch (err) {
      report(err, event);
      return failed(500, 'dedupe_failed');
    }
    try {
      await onEvent?.(event);
    } catch (err) {
      report(err, event);
      trigger(event);
      return failed(500, 'on_event_failed');
    }
    trigger(event);
    try {
      await dedupe?.add(event.id);
    } catch (err) {
      report(err, event); // handled all the same: a redelivery would run onEvent again (at least once)
    }
    return noContent();
  };

  const processBody = async (rawBody: unknown, headers: WebhookHeaders): Promise<WebhookResponse> => {
    let event: WebhookEvent;
    try {
      event = verifyWith(verifier, rawBody, headers);
    } catch (err) {
      if (err instanceof WebhookVerificationError) return refusal(err);
      report(err, undefined);
      return failed(500, 'internal_error');
    }
    const running = inFlight.get(event.id);
    if (running) return running;
    const outcome = handle(event).finally(() => inFlight.delete(event.id));
    inFlight.set(event.id, outcome);
    return outcome;
  };

  const handler = async (req: WebhookRequest, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') return write(res, failed(405, 'method_not_allowed'), { allow: 'POST' });
    let body: unknown = req.body;
    if (body === undefined) {
      try {
        body = await readRawBody(req, verifier.maxBodyBytes);
      } catch (err) {
        if (err instanceof ClientGoneError) return;
        if (err instanceof WebhookVerificationError) {
          // The rest of the body stays unread: close the connection rather than drain it.
          return write(res, refusal(err), err.reason === 'body_too_large' ? { connection: 'close' } : {});
        }
        report(err, undefined);
        return write(res, failed(500, 'internal_error'));
      }
    }
    write(res, await processBody(body, req.headers));
  };
  return Object.assign(handler, { process: processBody });
}

function refusal(err: WebhookVerificationError): WebhookResponse {
  return failed(400, err.reason);
}

function write(
  res: ServerResponse,
  { status, body }: WebhookResponse,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.writableEnded || res.destroyed) return;
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  const payload = JSON.stringify(body);
  res
    .writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(payload)),
      ...headers,
    })
    .end(payload);
}

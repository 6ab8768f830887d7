import type { RecordId, SandboxRecord } from './types.js';

/** One delivery attempt of one webhook message to one endpoint, as `sandbox.webhooks.deliveries` lists it. */
export interface SandboxWebhookDelivery {
  endpointId: string;
  url: string;
  /** The `svix-id`: the same on every attempt and every endpoint for one status change. */
  messageId: string;
  /** 1 for the first try, 2 for the first retry, ... */
  attempt: number;
  /** The HTTP status answered; 0 when no answer came (timeout, connection refused or reset). */
  status: number;
  /** A 2xx within the timeout: delivered, no more attempts. */
  ok: boolean;
  /** Why no status came: `'timeout'` or the socket error's code. */
  error?: string;
  /** When the attempt started, epoch ms. */
  sentAt: number;
  /** How long until the answer (or the failure). */
  durationMs: number;
  /** The signed headers sent: `svix-id`, `svix-timestamp`, `svix-signature`. */
  headers: Readonly<Record<string, string>>;
  /** The body sent, `{"send_gid":…,"status_changed_at":…}`. */
  body: string;
}

export interface SandboxWebhookEndpointInput {
  /** Where to POST; loopback `http://` URLs only (localhost, 127.0.0.0/8, [::1]). */
  url: string;
  /** `whsec_` + base64; default 24 random bytes, as Svix generates them. */
  secret?: string;
}

export interface SandboxAdvanceOptions {
  /** The statuses to move through, in order. Default `['Sent', 'Delivered']`. */
  statuses?: readonly string[];
  /** Wait before each step, ms. Default 0. */
  everyMs?: number;
}

/**
 * Sendoso's send-status webhooks, as Svix delivers them: every change of a send's `status` (through
 * `sandbox.data.gifts.update`, `PATCH /send/{id}` or `advance`) is POSTed as a signed
 * `{ send_gid, status_changed_at }` to every endpoint, and retried on failure (non-2xx, no answer within
 * the timeout) after the delays of `webhookRetryDelaysMs`. `sandbox.close()` cancels what is pending.
 */
export interface SandboxWebhooks {
  /** Registers an endpoint; the returned secret is the one to verify with. */
  add(endpoint: SandboxWebhookEndpointInput): { id: string; secret: string };
  /** Unregisters an endpoint and cancels its pending retries; `false` if there was none. */
  remove(id: string): boolean;
  /** Every attempt that finished, oldest first (a snapshot copy). */
  readonly deliveries: readonly SandboxWebhookDelivery[];
  /**
   * Moves a send along its lifecycle on its own, one status per `everyMs`, each step a webhook.
   * Resolves to the send as it ends (or as it stands when the sandbox closes).
   */
  advance(sendId: RecordId, options?: SandboxAdvanceOptions): Promise<SandboxRecord>;
}

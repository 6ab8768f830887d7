import { WebhookVerificationError } from '../errors.js';

/** A verified Sendoso send-status webhook. */
export interface WebhookEvent {
  /** The message id (`svix-id`): the same on every retry of this message, so deduplicate on it. */
  id: string;
  /** When this delivery attempt was signed (`svix-timestamp`). */
  timestamp: Date;
  /** The send's global id (`send_gid`), the field of the same name on `client.gifts` records. */
  sendGid: string;
  /** When the send's status changed, ISO-8601 with offset, as Sendoso wrote it. */
  statusChangedAt: string;
  /** The whole body as Sendoso sent it, including fields it may add later. */
  data: Record<string, unknown>;
}

/** Parses a verified body: Sendoso sends `{ send_gid, status_changed_at }` (the event type is not in it). */
export function parseEventBody(body: Buffer, id: string, timestamp: Date): WebhookEvent {
  let data: unknown;
  try {
    data = JSON.parse(body.toString('utf8'));
  } catch {
    throw new WebhookVerificationError(
      'invalid_json',
      'The webhook body is correctly signed but is not valid JSON',
    );
  }
  const record =
    typeof data === 'object' && data !== null && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : undefined;
  const sendGid = record?.send_gid;
  const statusChangedAt = record?.status_changed_at;
  if (!record || typeof sendGid !== 'string' || typeof statusChangedAt !== 'string') {
    throw new WebhookVerificationError(
      'invalid_json',
      'The webhook body is correctly signed JSON but not a Sendoso send-status event ({ send_gid, status_changed_at } expected)',
    );
  }
  return { id, timestamp, sendGid, statusChangedAt, data: record };
}

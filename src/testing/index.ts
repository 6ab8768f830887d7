/**
 * `sendoso-element/testing`: a Sendoso sandbox on loopback for integration tests, demos and benchmarks.
 *
 * ```ts
 * import { createSandbox } from 'sendoso-element/testing';
 * const sandbox = await createSandbox({ seed: { touches: 500 }, rateLimit: false });
 * const code = await sandbox.authorize();          // then exchange it at sandbox.authBaseUrl + '/oauth/token'
 * sandbox.faults.next(2, { status: 503 });         // the next two API requests fail
 * await sandbox.close();
 * ```
 *
 * It speaks Sendoso's wire format as docs/sendoso-api.md describes it: OAuth 2.0 with rotating refresh
 * tokens, Sendoso's envelopes, paging, error bodies and 401s, and a 429 above the rate limit; and the
 * Marketplace and SmartSend routes with cursor paging, scope checks and their per-minute limit.
 * @packageDocumentation
 */
import { createSandbox as create } from './sandbox.js';
import type { Sandbox, SandboxOptions } from './types.js';

export type {
  FaultMatch,
  FaultOptions,
  LoggedRequest,
  RecordId,
  Sandbox,
  SandboxClientOptions,
  SandboxCollection,
  SandboxData,
  SandboxFaults,
  SandboxOptions,
  SandboxRecord,
  SandboxResource,
  SandboxSeed,
  SandboxSettings,
  WindowLimit,
} from './types.js';
export type {
  SandboxAdvanceOptions,
  SandboxWebhookDelivery,
  SandboxWebhookEndpointInput,
  SandboxWebhooks,
} from './webhook-types.js';

/**
 * Starts a sandbox on 127.0.0.1 (a random port unless `port` is given), seeded with records generated
 * from Sendoso's documented examples. Close it with `await sandbox.close()` when done.
 *
 * Defaults: rate limit 10 requests per sliding second on `/api/v3` (`false` turns it off), tokens
 * valid 7200 s, a random client id and secret, redirect URI `http://127.0.0.1/callback`.
 */
export function createSandbox(options?: SandboxOptions): Promise<Sandbox> {
  return create(options);
}

import { afterEach } from 'vitest';
import { type ClientOptions, SendosoClient } from '../src/index.js';
import { createSandbox, type Sandbox, type SandboxOptions } from '../src/testing/index.js';

const open: Sandbox[] = [];

// Every sandbox a test starts is closed after it, even when the test fails.
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** A sandbox closed after the current test. */
export async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const s = await createSandbox(options);
  open.push(s);
  return s;
}

/** A client for `s` (not yet authorized). */
export function clientFor(s: Sandbox, options: ClientOptions = {}): SendosoClient {
  return new SendosoClient({
    ...s.clientOptions(),
    logLevel: 'off',
    ...options,
  });
}

/** A client that went through the code flow against `s`. */
export async function authorizedClient(s: Sandbox, options: ClientOptions = {}): Promise<SendosoClient> {
  const client = clientFor(s, options);
  await client.auth.exchangeCode(await s.authorize());
  return client;
}

/** Requests the sandbox logged for a path (without query). */
export function requestsTo(s: Sandbox, path: string, method?: string) {
  return s.requests.filter((r) => r.path === path && (method === undefined || r.method === method));
}

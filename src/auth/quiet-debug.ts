import { createRequire } from 'node:module';

type Debug = { enabled(namespace: string): boolean; disable(): string; enable(namespaces: string): void };

/**
 * simple-oauth2 logs each token request whole, client secret, authorization code and refresh token
 * included, through the `debug` package when DEBUG names its namespaces (`DEBUG=*` does). Secrets
 * must never reach a log, so those namespaces are switched off in the `debug` instance
 * simple-oauth2 itself loads; every other namespace keeps logging.
 */
export function silenceSimpleOauth2Debug(): void {
  let debug: Debug;
  try {
    const own = createRequire(import.meta.url);
    debug = createRequire(own.resolve('simple-oauth2'))('debug') as Debug;
  } catch {
    return; // no `debug` next to simple-oauth2: nothing can log
  }
  const namespaces = ['simple-oauth2:client', 'simple-oauth2:access-token', 'simple-oauth2:request-options'];
  if (!namespaces.some((namespace) => debug.enabled(namespace))) return;
  const current = debug.disable();
  debug.enable(`${current},-simple-oauth2:*`);
}

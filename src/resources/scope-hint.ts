import { PermissionDeniedError } from '../errors.js';
import type { Route } from './definition.js';

/**
 * Sendoso answers 403 when the user's token lacks a route's scope, and its message does not say
 * which one. The error keeps Sendoso's message and adds what to ask for, and where.
 */
export function withScopeHint(err: unknown, route: Route): unknown {
  const scopes = route.scopes;
  if (!(err instanceof PermissionDeniedError) || !scopes || scopes.length === 0) return err;
  const named = scopes.map((s) => `'${s}'`).join(' or ');
  const hint =
    `${route.method} ${route.path} requires the ${named} scope; ask for it in ` +
    `client.auth.authorizationUrl({ scopes: ['public', '${scopes[0]}'] }) and have the user consent again`;
  const said = err.message.trim().replace(/\.$/, '');
  return new PermissionDeniedError({
    status: err.status,
    message: `${said}. ${hint}`,
    body: err.body,
    headers: err.headers,
    requestId: err.requestId,
    retryAfterMs: err.retryAfterMs,
  });
}

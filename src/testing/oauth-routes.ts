import { createHash, timingSafeEqual } from 'node:crypto';
import { type Answer, answer, type Exchange, isRecord } from './http-io.js';
import type { OAuthState } from './oauth-state.js';
import type { SandboxSettings } from './types.js';

export interface OAuthContext {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  settings: SandboxSettings;
  state: OAuthState;
}

// Doorkeeper's wording, which is what Sendoso's OAuth server answers with.
const INVALID_CLIENT =
  'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.';
const INVALID_GRANT =
  'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.';
const UNSUPPORTED_GRANT = 'The authorization grant type is not supported by the authorization server.';
const INVALID_REDIRECT = "The requested redirect uri is malformed or doesn't match client redirect URI.";
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

const oauthError = (status: number, error: string, description: string, headers?: Record<string, string>) =>
  answer(status, { error, error_description: description }, headers);
const invalidGrant = () => oauthError(400, 'invalid_grant', INVALID_GRANT);
const missing = (name: string) => oauthError(400, 'invalid_request', `Missing required parameter: ${name}.`);

type Handler = (ex: Exchange, ctx: OAuthContext) => Answer;
const ROUTES: Record<string, [method: string, handler: Handler]> = {
  '/oauth/authorize': ['GET', authorize],
  '/oauth/token': ['POST', token],
  '/oauth/revoke': ['POST', revoke],
};

/** `/oauth/authorize`, `/oauth/token`, `/oauth/revoke`; anything else below `/oauth` is a 404. */
export function handleOAuth(ex: Exchange, ctx: OAuthContext): Answer {
  const route = ROUTES[ex.path];
  if (!route) return oauthError(404, 'not_found', `No route ${ex.path}`);
  const [method, handler] = route;
  if (ex.method !== method) return oauthError(405, 'method_not_allowed', `Use ${method}`, { allow: method });
  return handler(ex, ctx);
}

function authorize(ex: Exchange, ctx: OAuthContext): Answer {
  const { client_id, redirect_uri, response_type, scope, state } = ex.query;
  if (client_id !== ctx.clientId) return oauthError(400, 'invalid_client', INVALID_CLIENT);
  if (redirect_uri !== undefined && redirect_uri !== ctx.redirectUri) {
    return oauthError(400, 'invalid_redirect_uri', INVALID_REDIRECT);
  }
  const location = new URL(ctx.redirectUri);
  const { code_challenge: challenge, code_challenge_method: challengeMethod } = ex.query;
  // Once the redirect URI is trusted, errors travel back through it (RFC 6749 4.1.2.1). PKCE
  // (RFC 7636) is S256 only: a `plain` challenge protects nothing that a leaked URL does not reveal.
  const error =
    response_type !== 'code'
      ? 'unsupported_response_type'
      : challenge !== undefined && challengeMethod !== 'S256'
        ? 'invalid_request'
        : undefined;
  if (error) location.searchParams.set('error', error);
  else {
    const code = ctx.state.issueCode(ctx.redirectUri, normalizeScope(scope), challenge);
    location.searchParams.set('code', code);
  }
  if (state !== undefined) location.searchParams.set('state', state);
  return answer(302, {}, { location: location.toString() });
}

function token(ex: Exchange, ctx: OAuthContext): Answer {
  const params = stringParams(ex.body);
  const refused = authenticateClient(ex, ctx, params);
  if (refused) return refused;
  const ttl = ctx.settings.tokenTtlSeconds;
  switch (params.grant_type) {
    case 'authorization_code': {
      if (!params.code) return missing('code');
      const code = ctx.state.takeCode(params.code);
      // The redirect URI, when sent, must be the one the code was issued for (RFC 6749 4.1.3).
      const redirectOk = params.redirect_uri === undefined || params.redirect_uri === code?.redirectUri;
      if (!code || !redirectOk || !verifies(code.challenge, params.code_verifier)) return invalidGrant();
      return answer(200, ctx.state.issueTokens(code.scope, ttl, code.user), NO_STORE);
    }
    case 'refresh_token': {
      if (!params.refresh_token) return missing('refresh_token');
      const omit = ctx.settings.omitRefreshTokenOnRefresh;
      const issued = ctx.state.refresh(params.refresh_token, ttl, omit);
      return issued ? answer(200, issued, NO_STORE) : invalidGrant();
    }
    case undefined:
      return missing('grant_type');
    default:
      return oauthError(400, 'unsupported_grant_type', UNSUPPORTED_GRANT);
  }
}

/** RFC 7009: an unknown token is not an error. */
function revoke(ex: Exchange, ctx: OAuthContext): Answer {
  const params = stringParams(ex.body);
  const refused = authenticateClient(ex, ctx, params);
  if (refused) return refused;
  const value = ex.query.token ?? params.token;
  if (!value) return missing('token');
  ctx.state.revoke(value);
  return answer(200, {});
}

/** HTTP Basic (RFC 6749 2.3.1: form-encoded id and secret) or `client_id`/`client_secret` in the body. */
function authenticateClient(
  ex: Exchange,
  ctx: OAuthContext,
  params: Record<string, string>,
): Answer | undefined {
  const basic = parseBasic(ex.req.headers.authorization);
  const id = basic ? basic.id : params.client_id;
  const secret = basic ? basic.secret : params.client_secret;
  const ok =
    id !== undefined &&
    secret !== undefined &&
    safeEqual(id, ctx.clientId) &&
    safeEqual(secret, ctx.clientSecret);
  if (ok) return undefined;
  const headers: Record<string, string> = basic ? { 'www-authenticate': 'Basic realm="Doorkeeper"' } : {};
  return oauthError(401, 'invalid_client', INVALID_CLIENT, headers);
}

function parseBasic(header: string | undefined): { id: string; secret: string } | undefined {
  const match = header?.match(/^Basic\s+(\S+)$/i);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  try {
    const unform = (s: string) => decodeURIComponent(s.replaceAll('+', ' '));
    return { id: unform(decoded.slice(0, colon)), secret: unform(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

/** A code issued with a PKCE challenge is redeemed only with the verifier whose SHA-256 it is. */
function verifies(challenge: string | undefined, verifier: string | undefined): boolean {
  if (challenge === undefined) return true;
  if (verifier === undefined) return false;
  return safeEqual(createHash('sha256').update(verifier).digest('base64url'), challenge);
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Only string values count as OAuth parameters, whether they came as JSON or as a form. */
function stringParams(body: unknown): Record<string, string> {
  const params: Record<string, string> = {};
  if (!isRecord(body)) return params;
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') params[key] = value;
  return params;
}

/** Space-separated scopes, `public` when none were asked for. */
export function normalizeScope(scope: string | undefined): string {
  const scopes = (scope ?? '').split(/[\s+]+/).filter(Boolean);
  return scopes.length === 0 ? 'public' : scopes.join(' ');
}

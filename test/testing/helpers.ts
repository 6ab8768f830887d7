import type { Sandbox } from '../../src/testing/index.js';

/** A token response as the sandbox sends it. */
export interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token?: string;
  scope: string;
  created_at: number;
}

export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

async function readReply<T>(response: Response): Promise<Reply<T>> {
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text === '' ? undefined : JSON.parse(text)) as T,
  };
}

/** `POST /oauth/token` with a JSON body carrying the client credentials. */
export async function tokenRequest<T = TokenBody>(
  sandbox: Sandbox,
  params: Record<string, string>,
): Promise<Reply<T>> {
  const body = { client_id: sandbox.clientId, client_secret: sandbox.clientSecret, ...params };
  const response = await fetch(`${sandbox.authBaseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return readReply<T>(response);
}

/** A fresh token pair through the authorization-code grant. */
export async function issueToken(sandbox: Sandbox, scopes?: string[]): Promise<TokenBody> {
  const code = await sandbox.authorize(scopes ? { scopes } : {});
  const reply = await tokenRequest(sandbox, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: sandbox.redirectUri,
  });
  if (reply.status !== 200) throw new Error(`token exchange failed: ${reply.status}`);
  return reply.body;
}

/** A request to the API with a bearer token; `path` is relative to `baseUrl`. */
export async function api<T = unknown>(
  sandbox: Sandbox,
  token: string | undefined,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...init.headers };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${sandbox.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body:
      init.body === undefined
        ? undefined
        : typeof init.body === 'string'
          ? init.body
          : JSON.stringify(init.body),
  });
  return readReply<T>(response);
}

/** An API list envelope, loosely typed for assertions. */
export type Envelope = Record<string, unknown> & { current_page: number; per_page: number };
export type Item = Record<string, unknown>;

import type { Agent } from 'node:http';
import { AuthorizationCode } from 'simple-oauth2';
import {
  AbortError,
  ConnectionError,
  clipMessage,
  OAuthError,
  ResponseTooLargeError,
  type SendosoError,
  TimeoutError,
  ValidationError,
} from '../errors.js';
import { abortable } from '../http/abort.js';
import { scrubErrorSecrets } from '../http/redact.js';
import type { Logger } from '../logger.js';
import { silenceSimpleOauth2Debug } from './quiet-debug.js';
import { type Token, type TokenResponse, tokenFromResponse } from './token.js';

export type GrantConfig = {
  clientId: string | undefined;
  clientSecret: string | undefined;
  redirectUri: string | undefined;
  authBaseUrl: string;
  timeoutMs: number;
  /** Largest token-endpoint body read; default 1 MiB (a token answer is a few hundred bytes). */
  maxResponseBytes?: number | undefined;
  /** Debug lines for token-endpoint calls: the grant, the outcome and the time, never a credential. */
  logger?: Logger | undefined;
  /** The app's agents (its own, or a proxy's): token requests take the same way out as API calls. */
  agents?: { http: Agent; https: Agent } | undefined;
};

export const DEFAULT_MAX_RESPONSE_BYTES = 1_048_576;

/**
 * The two token grants, spoken through simple-oauth2 (JSON body, client credentials in the body, as
 * Sendoso documents). Errors from simple-oauth2 are Boom errors that hold the raw request, with the
 * client secret in its payload, so none is ever passed on: each becomes a fresh SDK error. Bodies
 * are read up to `maxResponseBytes`, and redirects are never followed: the client secret is in the
 * request body, and a redirect would send it on to wherever the Location points.
 */
export class OAuthGrants {
  readonly #config: GrantConfig;
  #client: AuthorizationCode | undefined;

  constructor(config: GrantConfig) {
    this.#config = config;
  }

  /** The largest OAuth answer body read (token and revoke endpoints). */
  get maxResponseBytes(): number {
    return this.#config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  }

  authorizationUrl(params: {
    state?: string | undefined;
    scopes: string[];
    codeChallenge?: string | undefined;
  }): string {
    const query: Record<string, string | string[]> = {
      redirect_uri: this.#require('redirectUri', this.#config.redirectUri),
      scope: params.scopes,
    };
    if (params.state !== undefined) query.state = params.state;
    if (params.codeChallenge !== undefined) {
      query.code_challenge = checkPkce('codeChallenge', params.codeChallenge);
      query.code_challenge_method = 'S256';
    }
    return this.#oauth().authorizeURL(query);
  }

  async exchangeCode(
    code: string,
    options: { signal?: AbortSignal; timeoutMs?: number; codeVerifier?: string } = {},
  ): Promise<Token> {
    if (typeof code !== 'string' || !code) {
      throw new ValidationError('Invalid authorization code', [
        { path: 'code', message: 'must be a non-empty string' },
      ]);
    }
    const redirectUri = this.#require('redirectUri', this.#config.redirectUri);
    const verifier =
      options.codeVerifier === undefined ? undefined : checkPkce('codeVerifier', options.codeVerifier);
    const oauth = this.#oauth();
    const timeoutMs = options.timeoutMs ?? this.#config.timeoutMs;
    const secrets = [code, verifier];
    const response = await this.#call('authorization_code', secrets, options.signal, timeoutMs, async () => {
      const pkce = verifier === undefined ? {} : { code_verifier: verifier };
      const params = { code, redirect_uri: redirectUri, ...pkce };
      const accessToken = await oauth.getToken(params, this.#httpOptions(timeoutMs));
      return accessToken.token as TokenResponse;
    });
    return this.#toToken(response);
  }

  /** Refreshes `current`. `timeoutMs` (default the client's) bounds the request and the read of the answer. */
  async refresh(current: Token, timeoutMs = this.#config.timeoutMs): Promise<Token> {
    if (!current.refreshToken) {
      throw new OAuthError(
        'no_refresh_token',
        'The token has no refresh token; run the authorization flow again',
      );
    }
    const oauth = this.#oauth();
    const refreshToken = current.refreshToken;
    const secrets = [refreshToken, current.accessToken];
    const response = await this.#call('refresh_token', secrets, undefined, timeoutMs, async () => {
      const accessToken = oauth.createToken({
        access_token: current.accessToken,
        refresh_token: refreshToken,
      });
      return (await accessToken.refresh({}, this.#httpOptions(timeoutMs))).token as TokenResponse;
    });
    // simple-oauth2 5.1 fills a missing refresh_token with `this.refresh_token` (undefined), so we
    // decide ourselves: a refresh answer without one keeps the current refresh token.
    return this.#toToken(response, current);
  }

  /**
   * Wreck's options for one token request. `timeout` bounds both waiting for the answer and reading
   * its body; `maxBytes` stops reading an oversized body; a redirect (Wreck only sees one when
   * `redirects` is on) is refused before anything is sent to its Location.
   */
  #httpOptions(timeoutMs: number): Record<string, unknown> {
    const maxBytes = this.maxResponseBytes;
    const options: Record<string, unknown> = {
      timeout: timeoutMs,
      maxBytes,
      redirects: 1,
      redirect303: true,
      beforeRedirect: (
        _method: string,
        statusCode: number,
        _location: string,
        _headers: unknown,
        _options: unknown,
        next: (err?: Error) => void,
      ) => next(Object.assign(new Error('redirect refused'), { redirectStatus: statusCode })),
    };
    const { agents, authBaseUrl } = this.#config;
    const agent = agents && (authBaseUrl.startsWith('https:') ? agents.https : agents.http);
    // simple-oauth2 deep-copies request options, which would copy the agent and its live sockets
    // (a copied socket cannot be used again). A getter is copied as a getter: Wreck gets the agent.
    if (agent) Object.defineProperty(options, 'agent', { get: () => agent, enumerable: true });
    return options;
  }

  #toToken(response: TokenResponse, previous?: Token): Token {
    try {
      return tokenFromResponse(response, previous);
    } catch {
      throw new OAuthError('invalid_response', 'The token endpoint answered without an access_token');
    }
  }

  #oauth(): AuthorizationCode {
    if (this.#client) return this.#client;
    silenceSimpleOauth2Debug();
    const base = new URL(this.#config.authBaseUrl);
    const prefix = base.pathname.replace(/\/+$/, '');
    // Outside the try: a missing one is named, with the env variable that would supply it.
    const id = this.#require('clientId', this.#config.clientId);
    const secret = this.#require('clientSecret', this.#config.clientSecret);
    try {
      this.#client = new AuthorizationCode({
        client: { id, secret },
        auth: {
          tokenHost: base.origin,
          tokenPath: `${prefix}/oauth/token`,
          authorizePath: `${prefix}/oauth/authorize`,
          revokePath: `${prefix}/oauth/revoke`,
        },
        options: { authorizationMethod: 'body', bodyFormat: 'json' },
      });
    } catch {
      // simple-oauth2's option errors quote the offending values, secret included: say it our way.
      throw new ValidationError('Invalid OAuth configuration', [
        { path: 'clientId/clientSecret', message: 'must be printable ASCII strings' },
      ]);
    }
    return this.#client;
  }

  #require(name: string, value: string | undefined): string {
    if (!value) {
      throw new ValidationError('Missing OAuth configuration', [
        { path: name, message: `is required (pass it to new SendosoClient() or set ${envName(name)})` },
      ]);
    }
    return value;
  }

  async #call<T>(
    grant: string,
    secrets: readonly (string | undefined)[],
    signal: AbortSignal | undefined,
    timeoutMs: number,
    run: () => Promise<T>,
  ): Promise<T> {
    if (signal?.aborted) throw new AbortError();
    const maxBytes = this.maxResponseBytes;
    const logger = this.#config.logger;
    const started = performance.now();
    logger?.debug('→ POST /oauth/token', { grant });
    const work = run().then(
      (answer) => {
        logger?.debug('← POST /oauth/token', { grant, ms: Math.round(performance.now() - started) });
        return answer;
      },
      (err: unknown) => {
        // The endpoint may echo what it was sent (an error_description quoting the refresh token).
        const error = scrubErrorSecrets(toSdkError(err, timeoutMs, maxBytes), [
          ...secrets,
          this.#config.clientSecret,
        ]);
        logger?.debug('✗ POST /oauth/token', {
          grant,
          error: error.name,
          ms: Math.round(performance.now() - started),
        });
        throw error;
      },
    );
    // Wreck takes no AbortSignal: stop waiting for the answer, and let the socket finish on its own.
    return abortable(work, signal);
  }
}

function envName(option: string): string {
  return `SENDOSO_${option.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

type BoomLike = {
  isBoom?: boolean;
  code?: string;
  message?: string;
  output?: { statusCode?: number };
  /** Set on our own redirect refusal, which Boom turns into the error itself. */
  redirectStatus?: number;
  data?: {
    isResponseError?: boolean;
    payload?: unknown;
    res?: {
      statusCode?: number;
      headers?: Record<string, string | string[] | undefined>;
      socket?: { bytesRead?: number } | null;
    };
    code?: string;
  } | null;
};

/**
 * Builds a clean SDK error from a simple-oauth2 / Wreck failure, keeping only the OAuth error code
 * and text. Wreck reports a failure while reading the body (too large, too slow, not JSON) with the
 * response attached, so those are told apart before the status is looked at.
 */
function toSdkError(err: unknown, timeoutMs: number, maxBytes: number): SendosoError {
  const boom = (err ?? {}) as BoomLike;
  if (!boom.isBoom) {
    // Not from Wreck: a socket that closed early, or simple-oauth2 choking on the answer.
    if (typeof boom.code === 'string') {
      return new ConnectionError(`Could not reach the OAuth token endpoint (${boom.code})`, boom.code);
    }
    return new OAuthError(
      'invalid_response',
      'The token endpoint answered with something other than a token',
    );
  }
  if (typeof boom.redirectStatus === 'number') {
    const status = boom.redirectStatus;
    return new OAuthError(
      `http_${status}`,
      `The token endpoint answered HTTP ${status} (a redirect; not followed)`,
      status,
    );
  }
  const data = boom.data ?? undefined;
  const status = data?.res?.statusCode;
  const answered = data?.isResponseError === true;
  const payload = answered ? parsePayload(data?.payload) : undefined;
  if (payload && typeof payload.error === 'string') {
    const description =
      typeof payload.error_description === 'string' ? payload.error_description : payload.error;
    // The server's words are bounded like an API error's: a hostile endpoint cannot make them megabytes.
    return new OAuthError(
      clipMessage(payload.error),
      clipMessage(`OAuth ${payload.error}: ${description}`),
      status,
    );
  }
  if (!answered && isTooLarge(boom, maxBytes)) {
    return new ResponseTooLargeError(maxBytes, 'The OAuth token endpoint response');
  }
  if (!answered && /closed prematurely/i.test(boom.message ?? '')) {
    return new ConnectionError('The OAuth token endpoint closed the connection in the middle of its answer');
  }
  // 504: no answer in time; 408: the body did not arrive in time.
  const boomStatus = boom.output?.statusCode;
  if (!answered && (boomStatus === 504 || boomStatus === 408)) {
    return new TimeoutError(timeoutMs, 'OAuth token request');
  }
  if (status !== undefined && (status < 200 || status >= 300)) {
    return new OAuthError(`http_${status}`, `The token endpoint answered HTTP ${status}`, status);
  }
  if (status !== undefined) {
    return new OAuthError(
      'invalid_response',
      `The token endpoint answered HTTP ${status} without a JSON token`,
      status,
    );
  }
  if (/redirection without location/i.test(boom.message ?? '')) {
    return new OAuthError(
      'http_redirect',
      'The token endpoint answered a redirect without a Location; not followed',
    );
  }
  const code = boom.code ?? data?.code;
  return new ConnectionError(`Could not reach the OAuth token endpoint${code ? ` (${code})` : ''}`, code);
}

/**
 * Wreck stops reading at `maxBytes` by destroying the response, and on Node 20 the "closed
 * prematurely" error of that destroy wins over its own "too large" one: either way, a body cut off
 * after more than `maxBytes` came in was too large.
 */
function isTooLarge(boom: BoomLike, maxBytes: number): boolean {
  if (boom.output?.statusCode === 413) return true;
  const res = boom.data?.res;
  if (Number(res?.headers?.['content-length']) > maxBytes) return true;
  const bytesRead = res?.socket?.bytesRead ?? 0;
  return /closed prematurely/i.test(boom.message ?? '') && bytesRead > maxBytes;
}

function parsePayload(payload: unknown): Record<string, unknown> | undefined {
  let value = payload;
  if (Buffer.isBuffer(value)) value = value.toString('utf8');
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

/**
 * PKCE (RFC 7636): a verifier is 43-128 characters of `A-Z a-z 0-9 - . _ ~`, and an S256 challenge
 * (base64url of its SHA-256) is 43 of them; anything else would only fail at the token endpoint.
 */
function checkPkce(name: 'codeChallenge' | 'codeVerifier', value: unknown): string {
  if (typeof value === 'string' && /^[A-Za-z0-9\-._~]{43,128}$/.test(value)) return value;
  throw new ValidationError('Invalid PKCE parameter', [
    { path: name, message: 'must be 43-128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636)' },
  ]);
}

import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OAuthError, ValidationError } from '../../src/index.js';
import { clientFor, requestsTo, sandbox } from '../helpers.js';

const pair = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

/** Follows the sandbox's consent redirect, as a browser would, and returns the callback's query. */
async function consent(url: string): Promise<URLSearchParams> {
  const response = await fetch(url, { redirect: 'manual' });
  return new URL(response.headers.get('location') ?? '').searchParams;
}

describe('PKCE (RFC 7636, S256)', () => {
  it('sends the challenge with the consent URL and the verifier with the exchange', async () => {
    const s = await sandbox();
    const client = clientFor(s);
    const { verifier, challenge } = pair();
    const url = new URL(client.auth.authorizationUrl({ state: 'st', codeChallenge: challenge }));
    expect(url.searchParams.get('code_challenge')).toBe(challenge);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const code = (await consent(url.toString())).get('code') ?? '';
    const token = await client.auth.exchangeCode(code, { codeVerifier: verifier });
    expect(token.accessToken).toBeTruthy();
    // The sandbox log shows the verifier was sent, without its value.
    expect(requestsTo(s, '/oauth/token')[0]?.body).toMatchObject({ code_verifier: '[redacted]' });
  });

  it('a code issued with a challenge is refused without its verifier, or with another one', async () => {
    const s = await sandbox();
    const client = clientFor(s);
    for (const codeVerifier of [undefined, pair().verifier]) {
      const url = client.auth.authorizationUrl({ codeChallenge: pair().challenge });
      const code = (await consent(url)).get('code') ?? '';
      const err = await client.auth
        .exchangeCode(code, codeVerifier ? { codeVerifier } : {})
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OAuthError);
      expect((err as OAuthError).code).toBe('invalid_grant');
    }
    expect(await client.auth.getToken()).toBeUndefined();
  });

  it('refuses a malformed challenge or verifier before any request, and a plain challenge at consent', async () => {
    const s = await sandbox();
    const client = clientFor(s);
    expect(() => client.auth.authorizationUrl({ codeChallenge: 'short' })).toThrow(ValidationError);
    const err = await client.auth
      .exchangeCode('code', { codeVerifier: 'has spaces' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(requestsTo(s, '/oauth/token')).toEqual([]);
    const plain = new URL(`${s.authBaseUrl}/oauth/authorize`);
    plain.search = new URLSearchParams({
      client_id: s.clientId,
      response_type: 'code',
      code_challenge: pair().verifier,
      code_challenge_method: 'plain',
    }).toString();
    const answer = await consent(plain.toString());
    expect(answer.get('error')).toBe('invalid_request');
    expect(answer.get('code')).toBeNull();
  });
});

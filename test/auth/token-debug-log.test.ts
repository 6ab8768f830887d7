import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/index.js';
import { authorizedClient, clientFor, sandbox } from '../helpers.js';

function collecting(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const log =
    (level: string) =>
    (message: string, meta?: Record<string, unknown>): void => {
      lines.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
    };
  return {
    logger: { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug') },
    lines,
  };
}

describe('debug logs of the token endpoint', () => {
  it('show each exchange and refresh with its grant and outcome, and never a credential', async () => {
    const s = await sandbox();
    const { logger, lines } = collecting();
    const client = await authorizedClient(s, { logger, logLevel: 'debug' });
    const first = await client.auth.getToken();
    const fresh = await client.auth.refresh();
    const calls = lines.filter((l) => l.includes('/oauth/token'));
    expect(calls).toEqual([
      expect.stringMatching(/^debug \[sendoso\] → POST \/oauth\/token \{"grant":"authorization_code"\}$/),
      expect.stringMatching(
        /^debug \[sendoso\] ← POST \/oauth\/token \{"grant":"authorization_code","ms":\d+\}$/,
      ),
      expect.stringMatching(/^debug \[sendoso\] → POST \/oauth\/token \{"grant":"refresh_token"\}$/),
      expect.stringMatching(/^debug \[sendoso\] ← POST \/oauth\/token \{"grant":"refresh_token","ms":\d+\}$/),
    ]);
    const text = lines.join('\n');
    for (const secret of [
      s.clientSecret,
      first?.accessToken,
      first?.refreshToken,
      fresh.accessToken,
      fresh.refreshToken,
    ]) {
      if (secret) expect(text).not.toContain(secret);
    }
  });

  it('show a refused refresh by its error name', async () => {
    const s = await sandbox();
    const { logger, lines } = collecting();
    const client = await authorizedClient(s, { logger, logLevel: 'debug' });
    const token = await client.auth.getToken();
    // A second client spends the refresh token first, so ours is dead.
    const other = clientFor(s, { token, logLevel: 'off' });
    await other.auth.refresh();
    await expect(client.auth.refresh()).rejects.toMatchObject({ code: 'invalid_grant' });
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^debug \[sendoso\] ✗ POST \/oauth\/token \{"grant":"refresh_token","error":"OAuthError","ms":\d+\}$/,
      ),
    );
  });
});

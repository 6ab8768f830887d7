import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// A session with DEBUG=* : simple-oauth2 would print whole token requests (secret, code, tokens).
const script = `
import { SendosoClient } from './src/index.ts';
import { createSandbox } from './src/testing/index.ts';
const s = await createSandbox();
const c = new SendosoClient({ ...s.clientOptions(), logLevel: 'debug' });
const code = await s.authorize();
const first = await c.auth.exchangeCode(code);
const second = await c.auth.refresh();
await c.me();
await s.close();
console.log(JSON.stringify([s.clientSecret, code, first.accessToken, first.refreshToken, second.accessToken, second.refreshToken]));
`;

describe('DEBUG=* logging', () => {
  it('prints no client secret, code or token, even from simple-oauth2', async () => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: root, env: { ...process.env, DEBUG: '*' } },
    );
    const secrets = JSON.parse(stdout.trim().split('\n').pop() ?? '[]') as string[];
    expect(secrets).toHaveLength(6);
    const logs = stderr + stdout.split('\n').slice(0, -2).join('\n');
    for (const secret of secrets) expect(logs).not.toContain(secret);
  }, 30_000);
});

import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/index.js';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// `npm test` builds before running vitest, so dist/ is the package users get.
const script = (load: string) => `
${load}
(async () => {
  const sandbox = await testing.createSandbox({ rateLimit: false });
  const client = new sdk.SendosoClient({ ...sandbox.clientOptions(), logLevel: 'off' });
  await client.auth.exchangeCode(await sandbox.authorize());
  const page = await client.touches.list(sdk.where('delivery_type').eq('mail'), { maxRetries: 0 });
  const ok = page.items.length > 0 && page.items.every((t) => t.delivery_type === 'mail');
  const parsed = sdk.ceql.parse("name LIKE 'Touch%'").toString();
  await sandbox.close();
  console.log(JSON.stringify({ ok, parsed, errors: typeof sdk.NotFoundError }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe('the built package', () => {
  beforeAll(async () => {
    // `npm test` builds first; a bare `vitest` run builds here so this test never silently skips.
    if (!existsSync(join(root, 'dist', 'testing.cjs'))) await run('npx', ['tsup'], { cwd: root });
  }, 120_000);

  it('works from import (ESM)', async () => {
    const load = `const sdk = await import('sendoso-element'); const testing = await import('sendoso-element/testing');`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script(load)], {
      cwd: root,
    });
    expect(JSON.parse(stdout)).toEqual({ ok: true, parsed: "name LIKE 'Touch%'", errors: 'function' });
  });

  it('works from require (CommonJS), with p-retry bundled', async () => {
    const load = `const sdk = require('sendoso-element'); const testing = require('sendoso-element/testing');`;
    const { stdout } = await run(process.execPath, ['--input-type=commonjs', '-e', script(load)], {
      cwd: root,
    });
    expect(JSON.parse(stdout)).toEqual({ ok: true, parsed: "name LIKE 'Touch%'", errors: 'function' });
    const cjs = readFileSync(join(root, 'dist', 'index.cjs'), 'utf8');
    expect(cjs).not.toMatch(/require\(["']p-retry["']\)/);
  });

  it('package.json version matches the VERSION constant', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(pkg.version).toBe(VERSION);
  });
});

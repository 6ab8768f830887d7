import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/index.js';
import { crossBuildScript } from './cross-build-script.js';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let work: string;
let tarball: string;
let files: string[];

// `npm test` builds before vitest runs, so this packs what would be published.
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sendoso-pack-'));
  const { stdout } = await run(npm, ['pack', '--json', '--pack-destination', work], { cwd: root });
  const [info] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(work, info?.filename ?? '');
  files = (info?.files ?? []).map((f) => f.path).sort();
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the published package', () => {
  it('ships only the build, README, LICENSE and package.json', () => {
    expect(files).toEqual([
      'LICENSE',
      'README.md',
      'dist/cli.js',
      'dist/index.cjs',
      'dist/index.d.cts',
      'dist/index.d.ts',
      'dist/index.js',
      'dist/redis.cjs',
      'dist/redis.d.cts',
      'dist/redis.d.ts',
      'dist/redis.js',
      'dist/testing.cjs',
      'dist/testing.d.cts',
      'dist/testing.d.ts',
      'dist/testing.js',
      'package.json',
    ]);
  });

  it('passes publint --strict', async () => {
    const { stdout } = await run('npx', ['publint', '--strict', tarball], { cwd: root });
    expect(stdout).toMatch(/All good/);
  }, 60_000);

  it('passes @arethetypeswrong/cli for every entry point and resolution mode', async () => {
    const { stdout } = await run('npx', ['attw', tarball, '--format', 'json'], { cwd: root });
    const result = JSON.parse(stdout) as { analysis: { problems: unknown[] } };
    expect(result.analysis.problems).toEqual([]);
  }, 60_000);

  it('installs into a fresh project and loads both entry points from ESM and CommonJS', async () => {
    const project = join(work, 'app');
    await mkdir(project, { recursive: true });
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'app', private: true }));
    // The dependencies are in npm's cache after `npm ci`, so this works offline too.
    await run(npm, ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
      cwd: project,
    });
    const check = `
      const names = [typeof sdk.SendosoClient, typeof sdk.where, typeof sdk.NotFoundError, typeof testing.createSandbox];
      if (names.some((n) => n !== 'function')) throw new Error(names.join());
      const s = await testing.createSandbox({ rateLimit: false });
      const c = new sdk.SendosoClient({ ...s.clientOptions(), logLevel: 'off' });
      await c.auth.exchangeCode(await s.authorize());
      const me = await c.me();
      const poller = c.poll('touches', { autoStart: false, initial: 'emit' });
      const pass = await poller.pollOnce();
      await poller.stop();
      await s.close();
      console.log(me.email && pass.created === 250 ? 'ok' : 'not ok');`;
    const esm = `const sdk = await import('sendoso-element'); const testing = await import('sendoso-element/testing'); ${check}`;
    const cjs = `const sdk = require('sendoso-element'); const testing = require('sendoso-element/testing'); (async () => { ${check} })().catch((e) => { console.error(e); process.exit(1); });`;
    expect(
      (await run(process.execPath, ['--input-type=module', '-e', esm], { cwd: project })).stdout.trim(),
    ).toBe('ok');
    expect(
      (await run(process.execPath, ['--input-type=commonjs', '-e', cjs], { cwd: project })).stdout.trim(),
    ).toBe('ok');
    // Both builds in one process (one dependency imports the package, another requires it).
    const cross = await run(process.execPath, ['--input-type=module', '-e', crossBuildScript], {
      cwd: project,
    });
    expect(JSON.parse(cross.stdout)).toMatchObject({ problems: [] });

    // The `sendoso` bin, linked by npm, runs from the installed package, sandbox (./testing.js) included.
    const sendoso = join(
      project,
      'node_modules',
      '.bin',
      process.platform === 'win32' ? 'sendoso.cmd' : 'sendoso',
    );
    expect((await run(sendoso, ['--version'], { cwd: project })).stdout).toBe(`${VERSION}\n`);
    const sandbox = spawn(sendoso, ['sandbox', '--seed', 'touches=1'], { cwd: project });
    const firstLine = await new Promise<string>((resolve, reject) => {
      let out = '';
      sandbox.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
      });
      sandbox.on('close', (code) => reject(new Error(`sendoso sandbox exited with ${code}`)));
    });
    const closed = new Promise((resolve) => sandbox.on('close', resolve));
    sandbox.kill('SIGINT');
    expect(await closed).toBe(130);
    expect(firstLine).toMatch(/^export SENDOSO_BASE_URL=http:\/\/127\.0\.0\.1:\d+\/api\/v3$/);
  }, 180_000);
});

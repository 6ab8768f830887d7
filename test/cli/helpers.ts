import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach } from 'vitest';
import { FileTokenStore, SendosoClient } from '../../src/index.js';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/testing/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built bin, as `npm install` links it. */
export const bin = join(root, 'dist', 'cli.js');

/** `npm test` builds before vitest runs; a bare vitest run builds here so the tests never run stale nothing. */
export async function ensureBuilt(): Promise<void> {
  if (!existsSync(bin)) await promisify(execFile)('npx', ['tsup'], { cwd: root });
}

export type CliResult = {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
};

const running = new Set<CliProcess>();
const sandboxes: Sandbox[] = [];
const dirs: string[] = [];

// Every process, sandbox and directory a test starts is gone after it, even when the test fails.
afterEach(async () => {
  for (const cli of running) cli.child.kill('SIGKILL');
  await Promise.all([...running].map((cli) => cli.exited));
  running.clear();
  await Promise.all(sandboxes.splice(0).map((s) => s.close()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A spawned `sendoso` process whose output the test can wait on. stdin is not a terminal. */
export class CliProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<CliResult>;
  stdout = '';
  stderr = '';

  constructor(args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
    });
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {
        running.delete(this);
        resolve({ code, signal, stdout: this.stdout, stderr: this.stderr });
      });
    });
    running.add(this);
  }

  /** The non-empty lines of stdout so far. */
  lines(): string[] {
    return this.stdout.split('\n').filter(Boolean);
  }

  /** Waits until `pattern` shows in stderr (or stdout) and returns the match. */
  async waitFor(pattern: RegExp, stream: 'stdout' | 'stderr' = 'stderr'): Promise<RegExpMatchArray> {
    await waitUntil(
      () => pattern.test(this[stream]),
      `${pattern} in ${stream}; stdout: ${this.stdout}; stderr: ${this.stderr}`,
    );
    return this[stream].match(pattern) as RegExpMatchArray;
  }
}

/** Runs `sendoso args` to the end. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new CliProcess(args, env).exited;
}

/** Polls `condition` until it holds; generous, because the machine may be busy. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A sandbox (closed after the test) whose redirect URI is a free loopback port the CLI can listen on. */
export async function cliSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const s = await createSandbox({
    rateLimit: false,
    redirectUri: `http://127.0.0.1:${await freePort()}/callback`,
    ...options,
  });
  sandboxes.push(s);
  return s;
}

/** An empty directory, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sendoso-cli-'));
  dirs.push(dir);
  return dir;
}

/**
 * The environment of a user pointed at `s`, with the config directory `dir` (and HOME there too, so
 * nothing of the developer's own configuration leaks in).
 */
export function envFor(s: Sandbox, dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: dir,
    SENDOSO_BASE_URL: s.baseUrl,
    SENDOSO_AUTH_BASE_URL: s.authBaseUrl,
    SENDOSO_CLIENT_ID: s.clientId,
    SENDOSO_CLIENT_SECRET: s.clientSecret,
    SENDOSO_REDIRECT_URI: s.redirectUri,
    SENDOSO_CONFIG_DIR: dir,
    ...extra,
  };
}

/** Signs in without the CLI (through the SDK, into the CLI's token file), for tests about other commands. */
export async function signIn(s: Sandbox, dir: string): Promise<void> {
  const client = new SendosoClient({
    ...s.clientOptions(),
    logLevel: 'off',
    tokenStore: new FileTokenStore(join(dir, 'token.json')),
  });
  await client.auth.exchangeCode(await s.authorize());
}

/** Plays the user's browser: opens the consent URL `login` printed and follows the redirects back to it. */
export async function consent(login: CliProcess): Promise<Response> {
  const [url] = await login.waitFor(/http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\S+/);
  return fetch(url);
}

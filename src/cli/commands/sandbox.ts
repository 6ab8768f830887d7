import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxSeed } from '../../testing/index.js';
import { positionals } from '../args.js';
import { defineCommand } from '../command.js';
import { type CliContext, say, write } from '../context.js';
import { UsageError } from '../exit.js';
import { resourceNamed } from '../resources.js';

export const sandbox = defineCommand({
  name: 'sandbox',
  summary: 'run a local Sendoso sandbox: try everything without an account',
  usage: '[--port N] [--seed RESOURCE=COUNT,... | --seed FILE.json]',
  description: `Starts the loopback sandbox of sendoso-element/testing and prints export lines that point
sendoso (or an app using the SDK) at it: SENDOSO_BASE_URL, SENDOSO_AUTH_BASE_URL, the sandbox's
own test client id and secret, SENDOSO_REDIRECT_URI (a free loopback port, so sendoso login
completes by itself once the consent URL is opened) and, unless SENDOSO_CONFIG_DIR is already set, a
throw-away SENDOSO_CONFIG_DIR (so the sandbox's login never replaces your real one). Data lives in
memory; runs until interrupted.`,
  options: {
    port: { type: 'string' },
    seed: { type: 'string', multiple: true },
  },
  optionHelp: `  --port N                port on 127.0.0.1 (default: a free one)
  --seed SPEC             records to start with: touches=20,gifts=0 (repeatable), or a JSON file
                          of the sandbox's seed shape; unnamed resources get the default counts`,
  async run(ctx, { values, positionals: given }) {
    positionals('sandbox', given, []);
    const port = values.port === undefined ? 0 : portNumber(values.port);
    const seed = await seedFrom(values.seed ?? []);
    // The sandbox is test tooling: loaded only by this command, from the package's own testing entry.
    const { createSandbox } = await import('../../testing/index.js');
    const redirectUri = `http://127.0.0.1:${await freePort()}/callback`;
    // A config directory the caller chose stays theirs; otherwise a throw-away one keeps the sandbox's
    // login away from the real one in the user's config directory.
    const ownConfigDir = ctx.env.SENDOSO_CONFIG_DIR
      ? undefined
      : await mkdtemp(join(tmpdir(), 'sendoso-sandbox-'));
    const removeConfigDir = () =>
      ownConfigDir ? rm(ownConfigDir, { recursive: true, force: true }) : Promise.resolve();
    const running = await createSandbox({ port, seed, redirectUri }).catch(async (err: unknown) => {
      await removeConfigDir();
      // The sandbox refuses bad options (a seed of the wrong shape) with TypeError and RangeError.
      throw err instanceof TypeError || err instanceof RangeError ? new UsageError(err.message) : err;
    });
    try {
      // These are the sandbox's generated test credentials: printing them is the point.
      const exports: Array<[string, string]> = [
        ['SENDOSO_BASE_URL', running.baseUrl],
        ['SENDOSO_AUTH_BASE_URL', running.authBaseUrl],
        ['SENDOSO_CLIENT_ID', running.clientId],
        ['SENDOSO_CLIENT_SECRET', running.clientSecret],
        ['SENDOSO_REDIRECT_URI', running.redirectUri],
      ];
      if (ownConfigDir) exports.push(['SENDOSO_CONFIG_DIR', ownConfigDir]);
      await write(ctx.stdout, exports.map(([k, v]) => `export ${k}=${shellQuote(v)}\n`).join(''));
      await say(
        ctx,
        `# Sendoso sandbox on ${running.authBaseUrl}. Run the export lines above in another shell, then: sendoso login\n# Ctrl-C stops it.`,
      );
      await untilInterrupted(ctx);
      return 130;
    } finally {
      await running.close();
      await removeConfigDir();
    }
  },
});

function portNumber(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535)
    throw new UsageError(`--port must be 0 to 65535, got "${value}"`);
  return port;
}

/** `touches=20,gifts=0` (element names too), or a JSON file in the sandbox's seed shape. */
async function seedFrom(specs: string[]): Promise<SandboxSeed> {
  const seed: Record<string, unknown> = {};
  for (const spec of specs) {
    if (spec.endsWith('.json')) {
      const text = await readFile(spec, 'utf8').catch(() => {
        throw new UsageError(`--seed: cannot read ${spec}`);
      });
      try {
        Object.assign(seed, JSON.parse(text));
      } catch {
        throw new UsageError(`--seed: ${spec} is not valid JSON`);
      }
      continue;
    }
    for (const pair of spec.split(',').filter(Boolean)) {
      const match = pair.trim().match(/^([\w-]+)=(\d+)$/);
      if (!match?.[1] || match[2] === undefined) {
        throw new UsageError(`--seed takes RESOURCE=COUNT pairs (touches=20,gifts=0), got "${pair}"`);
      }
      seed[resourceNamed(match[1])] = Number(match[2]);
    }
  }
  return seed as SandboxSeed;
}

/** A port nobody listens on right now, for the redirect URI the login will listen on. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function untilInterrupted(ctx: CliContext): Promise<void> {
  return new Promise((resolve) => {
    if (ctx.signal.aborted) resolve();
    else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

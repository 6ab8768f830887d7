import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { SandboxClientOptions, SandboxOptions } from '../src/testing/index.js';

/** What the sandbox process logged: API requests, how many were answered 429, the busiest second. */
export type SandboxStats = { requests: number; rateLimited: number; busiestSecond: number };

export type RemoteSandbox = {
  /** What a client needs to reach it (`sandbox.clientOptions()` of the child). */
  options: SandboxClientOptions;
  /** Single-use authorization codes, one per client. */
  codes: string[];
  /** The request log's figures so far. */
  stats(): Promise<SandboxStats>;
  /** Empties the request log. */
  clear(): Promise<void>;
  close(): void;
};

/**
 * Starts bench/serve-sandbox.ts in a child process and resolves once it listens. `options` are
 * the sandbox's (`rateLimit`, `latencyMs`, ...); by default it has no limits.
 */
export async function remoteSandbox(
  seed: Record<string, number>,
  options: Omit<SandboxOptions, 'seed'> = {},
): Promise<RemoteSandbox> {
  const script = fileURLToPath(new URL('./serve-sandbox.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, JSON.stringify(seed), JSON.stringify(options)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  const first = await new Promise<string>((resolve, reject) => {
    next().then(resolve, reject);
    child.once('exit', (code) => reject(new Error(`sandbox process exited with ${code}`)));
  });
  const info = JSON.parse(first) as Pick<RemoteSandbox, 'options' | 'codes'>;
  const ask = async (command: string): Promise<string> => {
    const answer = next();
    child.stdin?.write(`${command}\n`);
    return answer;
  };
  return {
    ...info,
    stats: async () => JSON.parse(await ask('stats')) as SandboxStats,
    clear: async () => {
      await ask('clear');
    },
    close: () => child.stdin?.end(),
  };
}

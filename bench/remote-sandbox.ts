import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { SandboxClientOptions } from '../src/testing/index.js';

export type RemoteSandbox = {
  /** What a client needs to reach it (`sandbox.clientOptions()` of the child). */
  options: SandboxClientOptions;
  /** Single-use authorization codes, one per client. */
  codes: string[];
  close(): void;
};

/** Starts bench/serve-sandbox.ts in a child process and resolves once it listens. */
export async function remoteSandbox(seed: Record<string, number>): Promise<RemoteSandbox> {
  const script = fileURLToPath(new URL('./serve-sandbox.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(seed)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const [line] = await new Promise<string[]>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (l) => resolve([l]));
    child.once('exit', (code) => reject(new Error(`sandbox process exited with ${code}`)));
  });
  const info = JSON.parse(line ?? '{}') as Omit<RemoteSandbox, 'close'>;
  return { ...info, close: () => child.stdin?.end() };
}

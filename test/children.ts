/** Child processes run with tsx for the many-process tests, each killed after the test that started it. */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const running: ChildProcess[] = [];

/** Kills every child still running (SIGKILL; a frozen one is woken first) and waits for them to exit. */
export async function stopChildren(): Promise<void> {
  await Promise.all(
    running.splice(0).map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGCONT');
      child.kill('SIGKILL');
      await exited;
    }),
  );
}

afterEach(stopChildren);

/**
 * Starts `script` (a path from the repository root) with tsx, `env` added to the environment:
 * stdin as `stdin` says, stdout piped, stderr the test's. Killed after the test.
 */
export function spawnTsx(
  script: string,
  env: Record<string, string>,
  stdin: 'pipe' | 'ignore' = 'pipe',
): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, script)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: [stdin, 'pipe', 'inherit'],
  });
  running.push(child);
  return child;
}

/**
 * {@link spawnTsx} (stdin ignored), resolved once the child printed a line `ready` on stdout;
 * rejected if it exits (or fails to start) first.
 */
export function spawnReadyChild(script: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawnTsx(script, env, 'ignore');
  return new Promise((resolve, reject) => {
    // Whole lines: a `ready` split across two chunks is still seen.
    createInterface({ input: child.stdout! }).on('line', (line) => line === 'ready' && resolve(child));
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`${script} exited early (${code ?? signal})`)));
  });
}

/** Child processes for the many-process tests, each stopped after the test that started it. */
import { type ChildProcess, type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

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

/** Starts `test/redis/<script>` with tsx, `env` added to the environment; killed after the test. */
export function spawnChild(
  script: string,
  env: Record<string, string>,
  stdio: 'pipe' | 'log' = 'pipe',
): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, script)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: stdio === 'pipe' ? ['pipe', 'pipe', 'inherit'] : ['ignore', 'pipe', 'inherit'],
  });
  running.push(child);
  return child;
}

export type Answer = Record<string, unknown>;

/** An app process (client-child.ts) that answers each command line with one JSON line. */
export class AppProcess {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #waiting: Array<{ resolve: (answer: Answer) => void; reject: (err: Error) => void }> = [];
  readonly ready: Promise<Answer>;

  constructor(setup: object) {
    this.#child = spawnChild('client-child.ts', {
      REDIS_CHILD: JSON.stringify(setup),
    }) as ChildProcessWithoutNullStreams;
    this.ready = this.#next();
    createInterface({ input: this.#child.stdout }).on('line', (line) => {
      this.#waiting.shift()?.resolve(JSON.parse(line) as Answer);
    });
    this.#child.once('exit', (code, signal) => {
      for (const { reject } of this.#waiting.splice(0))
        reject(new Error(`app process exited (${code ?? signal})`));
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  send(command: string): Promise<Answer> {
    const answer = this.#next();
    this.#child.stdin.write(`${command}\n`);
    return answer;
  }

  #next(): Promise<Answer> {
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }
}

/**
 * A real `redis-server` for one test: loopback only, on a free port, persistence off (nothing is
 * written to disk), stopped by the test. `stop()` and `start()` again on the same port play a Redis
 * outage and restart; `freeze()` / `thaw()` (SIGSTOP / SIGCONT) a Redis that stops answering.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createClient } from 'redis';

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export class RedisServer {
  readonly #binary: string;
  #port = 0;
  #child: ChildProcess | undefined;

  constructor(binary: string) {
    this.#binary = binary;
  }

  get port(): number {
    return this.#port;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.#port}`;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** Starts it (on its old port after a stop); resolves once it accepts connections. */
  async start(): Promise<this> {
    for (let attempt = 0; ; attempt++) {
      if (this.#port === 0 || (attempt > 0 && this.#child === undefined)) this.#port = await freePort();
      try {
        await this.#spawn();
        return this;
      } catch (err) {
        // Another process took the free port between the probe and the start: try another one,
        // unless this is a restart, which must come back where the clients look for it.
        if (attempt >= 5) throw err;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  async #spawn(): Promise<void> {
    const child = spawn(
      this.#binary,
      ['--port', String(this.#port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.#child = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          child.stdout?.off('data', onData);
          child.stdout?.resume();
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.resume();
      child.once('exit', (code) => {
        this.#child = undefined;
        reject(
          new Error(`redis-server exited (${code}): ${output.trim().split('\n').slice(-3).join(' | ')}`),
        );
      });
    });
  }

  /** Stops it (SIGKILL: no goodbye to the clients, like a crash); its data is gone (no persistence). */
  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await exited;
    this.#child = undefined;
  }

  /** A client of this server (the caller disconnects it); errors are swallowed, as a test expects outages. */
  async client() {
    const client = createClient({ url: this.url });
    client.on('error', () => {});
    return client.connect();
  }
}

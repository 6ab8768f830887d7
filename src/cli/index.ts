/**
 * The `sendoso` command: sign in, list, get, send and watch Sendoso from a terminal, and run the
 * loopback sandbox. Built on the package's public API only (`sendoso-element` and
 * `sendoso-element/testing`); the build refuses any other import of the SDK.
 */
import type { CliContext, Output } from './context.js';
import { EXIT } from './exit.js';
import { main } from './main.js';

const controller = new AbortController();
let interrupts = 0;
// The first Ctrl-C (or SIGTERM) asks the command to stop cleanly; a second one ends the process now.
const onSignal = () => {
  if (++interrupts > 1) process.exit(EXIT.interrupted);
  controller.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// A reader that goes away (`| head`) surfaces as a failed write; without these it would crash the process.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

const ctx: CliContext = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  platform: process.platform,
  signal: controller.signal,
  interrupt: onSignal,
  debug: false,
};

const code = await main(process.argv.slice(2), ctx);
await Promise.all([drain(process.stdout), drain(process.stderr)]);
// Keep-alive sockets and timers must not hold a finished command open.
process.exit(code);

function drain(out: Output): Promise<void> {
  return new Promise((resolve) => {
    if (out.destroyed || out.writableEnded) resolve();
    else out.write('', () => resolve());
  });
}

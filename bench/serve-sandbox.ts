/**
 * Runs a sandbox in its own process for benchmarks, so the server's work and memory are not
 * counted in the measured process. Prints one JSON line: connection details and a fresh code.
 * Usage: node --import tsx bench/serve-sandbox.ts '<seed JSON>'
 */
import { createSandbox } from '../src/testing/index.js';

const seed = JSON.parse(process.argv[2] ?? '{}') as Record<string, number>;
// No limits: benchmarks measure the client, not Sendoso's windows.
const sandbox = await createSandbox({ rateLimit: false, marketplaceRateLimit: false, seed });
console.log(
  JSON.stringify({
    options: sandbox.clientOptions(),
    codes: await Promise.all(
      Array.from({ length: 5 }, () => sandbox.authorize({ scopes: ['public', 'marketplace', 'smartsend'] })),
    ),
  }),
);
// Stops with its parent: the benchmark closes stdin (or dies) when it is done.
process.stdin.resume();
process.stdin.on('end', () => void sandbox.close().then(() => process.exit(0)));

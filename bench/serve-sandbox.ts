/**
 * Runs a sandbox in its own process for benchmarks, so the server's work and memory are not
 * counted in the measured process. Prints one JSON line: connection details and fresh codes.
 * Usage: node --import tsx bench/serve-sandbox.ts '<seed JSON>' ['<sandbox options JSON>']
 * By default no limits (benchmarks measure the client); options such as
 * `{ "rateLimit": 10, "latencyMs": 200, "latencyJitterMs": 50 }` bring Sendoso's limit and latency.
 * Commands on stdin, one per line, each answered with one JSON line on stdout:
 *   `stats`: the request log so far: { requests, rateLimited, busiestSecond } (API requests only);
 *   `clear`: empties the log.
 */
import { createInterface } from 'node:readline';
import { createSandbox, type SandboxOptions } from '../src/testing/index.js';
import { busiestSecond } from '../test/arrivals.js';

const seed = JSON.parse(process.argv[2] ?? '{}') as Record<string, number>;
const given = JSON.parse(process.argv[3] ?? '{}') as SandboxOptions;
const sandbox = await createSandbox({ rateLimit: false, marketplaceRateLimit: false, ...given, seed });
console.log(
  JSON.stringify({
    options: sandbox.clientOptions(),
    codes: await Promise.all(
      Array.from({ length: 5 }, () => sandbox.authorize({ scopes: ['public', 'marketplace', 'smartsend'] })),
    ),
  }),
);

// Stops with its parent: the benchmark closes stdin (or dies) when it is done.
const commands = createInterface({ input: process.stdin });
commands.on('line', (line) => {
  const api = sandbox.requests.filter((r) => r.path.startsWith('/api/v3'));
  if (line === 'clear') sandbox.clearRequests();
  const stats = {
    requests: api.length,
    rateLimited: api.filter((r) => r.rateLimited).length,
    busiestSecond: busiestSecond(api),
  };
  console.log(JSON.stringify(line === 'stats' ? stats : {}));
});
commands.on('close', () => void sandbox.close().then(() => process.exit(0)));

import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

const entry = { index: 'src/index.ts', testing: 'src/testing/index.ts' };
const src = resolve(dirname(fileURLToPath(import.meta.url)), 'src');

/**
 * The `sendoso` command is built on the public API only: its imports of `src/index.ts` and
 * `src/testing/index.ts` become imports of the published `./index.js` and `./testing.js` (so the
 * bin shares the package's own code instead of carrying a second copy), and an import of anything
 * else of the SDK fails the build.
 */
const publicApiOnly: Plugin = {
  name: 'cli-public-api-only',
  setup(build) {
    const entries: Record<string, string> = {
      [resolve(src, 'index.js')]: './index.js',
      [resolve(src, 'testing/index.js')]: './testing.js',
    };
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!args.importer.startsWith(resolve(src, 'cli'))) return undefined;
      const target = resolve(args.resolveDir, args.path);
      const published = entries[target];
      if (published) return { path: published, external: true };
      if (target.startsWith(resolve(src, 'cli'))) return undefined;
      return {
        errors: [{ text: `the CLI may import only src/index.ts and src/testing/index.ts, not ${args.path}` }],
      };
    });
  },
};

export default defineConfig([
  {
    entry,
    format: ['esm'],
    dts: true,
    // The bin and the Redis entry are built beside this one at the same time: cleaning must not race them.
    clean: ['!cli.js', '!redis.*'],
    target: 'node20',
    platform: 'node',
  },
  {
    entry,
    format: ['cjs'],
    // `import.meta.url` (used to find simple-oauth2's own `debug`) has a CommonJS stand-in.
    shims: true,
    dts: true,
    target: 'node20',
    platform: 'node',
    // p-retry (and its dependency is-network-error) ship ESM only; `require(esm)` is unflagged
    // only from Node 20.19, so the CommonJS build carries its own copy of them.
    noExternal: ['p-retry', 'is-network-error'],
    // Class names are part of the API: `err.name`, and the brand that lets `instanceof` work across
    // the two builds, come from them. Bundling p-retry (which has an `AbortError` too) could
    // otherwise rename one of ours. The ESM build bundles nothing else, so nothing can clash there.
    keepNames: true,
  },
  {
    // `sendoso-element/redis`, built on its own: the core entry shares no chunk with it, so importing
    // `sendoso-element` never loads it (it imports nothing from `redis` at run time either: the
    // client is passed in). Its errors are recognised by the core's classes through their brands.
    entry: { redis: 'src/redis/index.ts' },
    format: ['esm', 'cjs'],
    // Its declarations import the core's public types from the package itself (src/redis/core-types.ts).
    external: ['sendoso-element'],
    dts: true,
    target: 'node20',
    platform: 'node',
    keepNames: true,
  },
  {
    // The `sendoso` bin: ESM is enough for a command.
    entry: { cli: 'src/cli/index.ts' },
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
    esbuildPlugins: [publicApiOnly],
  },
]);

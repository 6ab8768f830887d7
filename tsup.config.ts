import { defineConfig } from 'tsup';

const entry = { index: 'src/index.ts', testing: 'src/testing/index.ts' };

export default defineConfig([
  {
    entry,
    format: ['esm'],
    dts: true,
    clean: true,
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
]);

import { defineConfig } from 'tsup';

const entry = { index: 'src/index.ts', testing: 'src/testing/index.ts' };

// Class names are part of the API: `err.name`, and the brand that lets `instanceof` work across the
// ESM and CommonJS builds, come from them. Without this, a bundling name clash (p-retry has an
// `AbortError` too) could rename one.
const keepNames = true;

export default defineConfig([
  {
    entry,
    format: ['esm'],
    dts: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    keepNames,
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
    keepNames,
  },
]);

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Examples import the package by name, as users do; in this repo the name resolves to the sources.
const src = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^sendoso-element\/redis$/, replacement: src('redis/index.ts') },
      { find: /^sendoso-element\/testing$/, replacement: src('testing/index.ts') },
      { find: /^sendoso-element$/, replacement: src('index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    // The Redis tests start their own redis-server: this finds it (or installs it, or says how).
    globalSetup: ['./test/redis/global-setup.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});

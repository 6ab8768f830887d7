import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { routeTable } from '../scripts/route-table.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('README', () => {
  it('shows the route table generated from the resource definitions', () => {
    const start = readme.indexOf('<!-- routes:start -->');
    const end = readme.indexOf('<!-- routes:end -->');
    expect(start).toBeGreaterThan(-1);
    expect(readme.slice(start + '<!-- routes:start -->'.length, end).trim()).toBe(routeTable());
  });

  it('gives the two set-up commands', () => {
    expect(readme).toContain('npm install && npm run demo');
    expect(readme).toContain('npm test');
  });
});

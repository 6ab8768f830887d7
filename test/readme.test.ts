import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { routeTable } from '../scripts/route-table.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** `#region readme <name>` … `#endregion` blocks, dedented, from the snippet test and the examples. */
function regions(): Map<string, string> {
  const files = [
    join(root, 'test', 'readme-snippets.test.ts'),
    join(root, 'test', 'readme-throughput.test.ts'),
    join(root, 'test', 'vdr', 'readme.test.ts'),
    join(root, 'test', 'marketplace', 'readme.test.ts'),
    join(root, 'test', 'redis', 'readme.test.ts'),
    join(root, 'test', 'dx', 'readme.test.ts'),
    ...readdirSync(join(root, 'examples'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(root, 'examples', f)),
  ];
  const found = new Map<string, string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\/\/ #region readme (\S+)\n([\s\S]*?)\n\s*\/\/ #endregion/g)) {
      found.set(match[1] ?? '', dedent(match[2] ?? ''));
    }
  }
  return found;
}

function dedent(text: string): string {
  const lines = text.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines
    .map((l) => l.slice(indent))
    .join('\n')
    .trim();
}

describe('README', () => {
  it('every TypeScript block is a region that a test or example runs', () => {
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => (m[1] ?? '').trim());
    expect(blocks.length).toBeGreaterThan(5);
    const known = [...regions().values()];
    for (const block of blocks)
      expect(known, `README block not found in any region:\n${block}`).toContain(block);
  });

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

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('API reference', () => {
  it('npm run docs builds with typedoc and no warnings (warnings are errors in typedoc.json)', async () => {
    const out = await mkdtemp(join(tmpdir(), 'sendoso-docs-'));
    try {
      await promisify(execFile)('npx', ['typedoc', '--out', out], { cwd: root, timeout: 120_000 });
      const index = await readFile(join(out, 'index.html'), 'utf8');
      expect(index).toContain('sendoso-element');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 150_000);
});

/**
 * Writes package.json's version into src/version.ts (`VERSION`, sent in the User-Agent). Runs after
 * `changeset version` bumps package.json (`npm run version-packages`); a test fails if they differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const file = join(root, 'src', 'version.ts');
const text = readFileSync(file, 'utf8');
const updated = text.replace(/VERSION: string = '[^']*'/, `VERSION: string = '${version}'`);
if (!updated.includes(`'${version}'`)) throw new Error(`src/version.ts has no VERSION to update`);
writeFileSync(file, updated);
console.log(`src/version.ts: VERSION = '${version}'`);

import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A temporary file this old was left by a crash mid-write (a write takes milliseconds to seconds). */
const STALE_TEMP_MS = 60_000;

/**
 * Removes the temporary files a crash left in `dir`: entries named `<name>.<rest>` whose `<rest>`
 * matches one of `patterns` and that nobody touched for a minute (a live writer keeps its file
 * fresh). Best effort: never fails the caller.
 */
export async function sweepLeftovers(dir: string, name: string, patterns: readonly RegExp[]): Promise<void> {
  try {
    for (const entry of await readdir(dir)) {
      if (!entry.startsWith(`${name}.`)) continue;
      const rest = entry.slice(name.length + 1);
      if (!patterns.some((pattern) => pattern.test(rest))) continue;
      const path = join(dir, entry);
      const info = await stat(path).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs > STALE_TEMP_MS) await rm(path, { force: true });
    }
  } catch {
    // A directory we cannot list holds no leftovers we could remove either.
  }
}

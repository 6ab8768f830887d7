import { randomBytes } from 'node:crypto';
import { link, open, unlink, writeFile } from 'node:fs/promises';

/** Codes of file systems that cannot hard-link (FAT, some network and FUSE file systems). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

/**
 * Creates `path` holding `text` (mode 0600) only if nothing is there; `true` when this call created it.
 * The text goes to a temporary file first, which is then hard-linked into place: `link` is atomic and
 * never replaces a file, so a lock file is never seen empty or half-written, even when its writer is
 * killed in between (a torn lock would name no holder, and only its age could free it). The temporary
 * file is `<path>.<pid>.<8 hex>.tmp`; a crash right after the link can leave it behind. Where the file
 * system has no hard links, it falls back to an `O_EXCL` create followed by the write.
 */
export async function createExclusive(path: string, text: string): Promise<boolean> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, text, { mode: 0o600, flag: 'wx' });
  try {
    await link(temp, path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== undefined && NO_HARD_LINKS.has(code)) return await createThenWrite(path, text);
    throw err;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function createThenWrite(path: string, text: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  return true;
}

import { hostname } from 'node:os';

/** Whether process `pid` exists on this host (EPERM: it exists but belongs to another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the process named in a lock file is known to be gone: on this host, its pid is dead, or it
 * is this process's own pid on a lock this process does not hold (a crashed earlier run that had the
 * same pid; containers often start the app as the same pid every time). A holder on another host
 * cannot be checked by pid: `false`, and only the lock's age can free it.
 */
export function holderGone(pid: number, host: string, heldHere: boolean): boolean {
  if (host !== hostname()) return false;
  return pid === process.pid ? !heldHere : !isAlive(pid);
}

/**
 * A process that takes and releases the two lock files as fast as it can, to be killed with SIGKILL
 * at a random moment by lock-kill.test.ts: a poll state key of FileStateStore and FileTokenStore's
 * refresh lock.   LOCK_CHILD = JSON { stateDir, tokenFile }
 */
import { FileStateStore, FileTokenStore } from '../../src/index.js';

const { stateDir, tokenFile } = JSON.parse(process.env.LOCK_CHILD ?? '{}') as {
  stateDir: string;
  tokenFile: string;
};
const states = new FileStateStore(stateDir);
const tokens = new FileTokenStore(tokenFile);
process.stdout.write('ready\n');
for (;;) {
  const lock = await states.acquire('touches');
  await lock.release();
  await tokens.lock(async () => undefined);
}

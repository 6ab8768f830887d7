/**
 * A poller process for the kill -9 test (poll-kill.test.ts): polls touches with FileStateStore and
 * appends, synchronously, one line per event it handles and one per pass whose state was saved.
 *   POLL_CHILD = JSON { options, token, dir, log }
 */
import { appendFileSync } from 'node:fs';
import { FileStateStore, SendosoClient, type Token } from '../../src/index.js';

type Setup = { options: Record<string, string>; token: Token; dir: string; log: string };
const setup = JSON.parse(process.env.POLL_CHILD ?? '{}') as Setup;
const write = (line: unknown) => appendFileSync(setup.log, `${JSON.stringify(line)}\n`);

const client = new SendosoClient({ ...setup.options, token: setup.token, rateLimit: false, logLevel: 'off' });
const poller = client.poll('touches', {
  autoStart: false,
  initial: 'emit',
  store: new FileStateStore(setup.dir),
});
let handled: string[] = [];
poller.on('change', async (event) => {
  const object = event.object as { name?: unknown; description?: unknown } | undefined;
  write({
    id: event.id,
    type: event.type,
    objectId: event.objectId,
    name: object?.name,
    description: object?.description,
  });
  handled.push(event.id);
  await new Promise((resolve) => setImmediate(resolve));
});
poller.on('error', () => {});
process.stdout.write('ready\n');
for (;;) {
  handled = [];
  const ok = await poller.pollOnce().then(
    () => true,
    () => false,
  );
  if (ok) write({ saved: handled });
  await new Promise((resolve) => setTimeout(resolve, 5));
}

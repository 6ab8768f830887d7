import {
  ApiError,
  ceql,
  FileStateStore,
  OAuthError,
  PollHandlerError,
  PollStateError,
  ValidationError,
} from '../../index.js';
import { duration, oneOf, positionals } from '../args.js';
import { defineCommand } from '../command.js';
import { signedInClient } from '../config.js';
import { OutputClosedError, say, write } from '../context.js';
import { resourceNamed } from '../resources.js';
import { printable } from '../table.js';

export const poll = defineCommand({
  name: 'poll',
  summary: 'watch a resource: one NDJSON change event per line',
  usage: '<resource> [--where CEQL] [--interval 60s] [--state DIR] [--initial emit|baseline]',
  description: `Lists the resource every interval and prints each change as one JSON line (a ChangeEvent:
id, type created|updated|deleted, resource, objectId, object, changedFields, observedAt)
until interrupted (Ctrl-C or SIGTERM; exit 130). With --state the poller keeps its state in DIR
and resumes there after a restart: an event counts as delivered once it is written to stdout,
and nothing delivered is printed again. Deduplicate on "id" (delivery is at least once).`,
  options: {
    where: { type: 'string' },
    interval: { type: 'string' },
    state: { type: 'string' },
    initial: { type: 'string' },
  },
  optionHelp: `  --where CEQL            watch only matching records
  --interval DURATION     time between passes, e.g. 30s, 5m (default 60s)
  --state DIR             keep state in DIR and resume from it (default: in memory)
  --initial MODE          baseline (default: the first pass is recorded silently) or emit (created events for what exists)`,
  async run(ctx, { values, positionals: given }) {
    const [resource = ''] = positionals('poll', given, ['<resource>']);
    const name = resourceNamed(resource);
    const where = values.where === undefined ? undefined : ceql.parse(values.where);
    const intervalMs = duration('interval', values.interval) ?? 60_000;
    const initial = oneOf('initial', values.initial, ['emit', 'baseline'] as const);
    const client = await signedInClient(ctx, values);
    const poller = client.poll(name, {
      intervalMs,
      autoStart: false,
      ...(where && { where }),
      ...(initial && { initial }),
      ...(values.state !== undefined && { store: new FileStateStore(values.state) }),
    });

    // Resolving after the write callback is the acknowledgement: state is saved only after it.
    poller.on('change', (event) => write(ctx.stdout, `${JSON.stringify(event)}\n`));

    let fatal: unknown;
    let end: () => void = () => {};
    const ended = new Promise<void>((resolve) => {
      end = resolve;
    });
    poller.on('error', (err) => {
      if (err instanceof PollHandlerError && err.cause instanceof OutputClosedError) {
        fatal = err.cause;
        end();
      } else if (isFatal(err)) {
        fatal = err;
        end();
      } else {
        const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        void say(ctx, `warning: ${printable(text)}`);
      }
    });
    poller.on('stalled', (info) => void say(ctx, `warning: ${printable(info.message)}`));
    ctx.signal.addEventListener(
      'abort',
      () => {
        if (ctx.stderr.isTTY)
          void say(ctx, 'Stopping after the pass in flight (Ctrl-C again quits at once).');
        end();
      },
      { once: true },
    );

    if (ctx.stderr.isTTY)
      await say(ctx, `Watching ${poller.resource} every ${intervalMs / 1000}s (Ctrl-C stops).`);
    await poller.start();
    await ended;
    // Waits for the pass in flight, so what was written is acknowledged before the process ends.
    await poller.stop();
    if (fatal !== undefined) throw fatal;
    return 130;
  },
});

/** Errors another pass cannot fix: the login, the permissions, the query, the state. Others are retried. */
function isFatal(err: unknown): boolean {
  if (err instanceof OAuthError || err instanceof ValidationError || err instanceof PollStateError)
    return true;
  if (!(err instanceof ApiError)) return false;
  return err.status >= 400 && err.status < 500 && ![408, 409, 429].includes(err.status);
}

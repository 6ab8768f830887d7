import { GiftCreate, type GiftSendResult, ValidationError } from '../../index.js';
import { oneOf, positionals, positiveInt } from '../args.js';
import { defineCommand } from '../command.js';
import { signedInClient } from '../config.js';
import { type CliContext, say, write } from '../context.js';
import { UsageError } from '../exit.js';
import { chooseFormat, FORMAT_HELP, printRecord } from '../format.js';
import { canPrompt, confirm } from '../prompt.js';
import { renderFields } from '../table.js';

/** Sendoso asks every send to name the app it came from. */
const VIA_FROM = 'sendoso-element CLI';

/** Body fields by the flag that sets them, so a validation error names what the user typed. */
const FLAG_OF: Record<string, string> = {
  touch_id: '--touch',
  email: '--email',
  name: '--name',
  custom_message: '--message',
  address: '--address',
  city: '--city',
  state: '--state',
  zip: '--zip',
  country: '--country',
  mobile_no: '--mobile',
  address_confirmation_via: '--confirm-via',
  expire_after_days: '--expire-after-days',
};

export const send = defineCommand({
  name: 'send',
  summary: 'send a gift (shows it and asks first)',
  usage: '--touch ID --email ADDRESS [--name NAME] [--message TEXT] [--via egift|physical ...] [--yes]',
  description: `Sends one touch to one recipient (POST /send). The body is checked as the SDK checks it before
anything is sent; then it is shown and, on a terminal, you are asked to confirm. Without a
terminal it is refused unless --yes is given. A send is never retried (Sendoso does not
deduplicate sends: a retry could be a second paid gift). Prints the tracking code.
  --via egift (default)   an eGift by email
  --via physical          with --address, --city, --zip, --country [--state] [--mobile]: to that address;
                          without --address: the recipient confirms an address (--confirm-via, --expire-after-days)`,
  options: {
    touch: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    message: { type: 'string' },
    via: { type: 'string' },
    address: { type: 'string' },
    city: { type: 'string' },
    state: { type: 'string' },
    zip: { type: 'string' },
    country: { type: 'string' },
    mobile: { type: 'string' },
    'confirm-via': { type: 'string' },
    'expire-after-days': { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
    format: { type: 'string' },
  },
  optionHelp: `  --touch ID              the touch (campaign) to send
  --email ADDRESS         the recipient's email
  --name NAME             the recipient's name (required for a physical gift to an address)
  --message TEXT          a custom message
  --via egift|physical    how the gift travels (default egift)
  --address, --city, --state, --zip, --country, --mobile    the recipient's address (physical)
  --confirm-via email|link      how the recipient confirms an address (physical without --address; default email)
  --expire-after-days N   days the address confirmation stays open, 2 to 7 (default 7)
  -y, --yes               send without asking (needed when no terminal is attached)
${FORMAT_HELP}`,
  async run(ctx, { values, positionals: given }) {
    positionals('send', given, []);
    const format = chooseFormat(values.format, ctx.stdout);
    if (values.touch === undefined) throw new UsageError('send needs --touch ID');
    if (values.email === undefined) throw new UsageError('send needs --email ADDRESS');
    const via = oneOf('via', values.via, ['egift', 'physical'] as const) ?? 'egift';
    const recipient = {
      email: values.email,
      ...(values.name !== undefined && { name: values.name }),
      ...(values.message !== undefined && { custom_message: values.message }),
    };
    const touch = { touch_id: /^\d+$/.test(values.touch) ? Number(values.touch) : values.touch };
    let body: Record<string, unknown>;
    if (via === 'egift') body = { via: 'single_email_address', ...touch, ...recipient };
    else if (values.address !== undefined) {
      body = {
        via: 'single_person_or_company',
        ...touch,
        ...recipient,
        address: values.address,
        city: values.city,
        ...(values.state !== undefined && { state: values.state }),
        zip: values.zip,
        country: values.country,
        ...(values.mobile !== undefined && { mobile_no: values.mobile }),
        no_address: false,
        confirm_address: false,
      };
    } else {
      body = {
        via: 'single_person_or_company',
        ...touch,
        ...recipient,
        no_address: true,
        confirm_address: true,
        address_confirmation_via:
          oneOf('confirm-via', values['confirm-via'], ['email', 'link'] as const) ?? 'email',
        expire_after_days: positiveInt('expire-after-days', values['expire-after-days']) ?? 7,
      };
    }
    body.via_from = VIA_FROM;
    check(body);

    await say(
      ctx,
      `About to send (Sendoso charges for every send and never deduplicates one):\n${indent(renderFields(body))}`,
    );
    if (!values.yes) {
      if (!canPrompt(ctx)) {
        throw new UsageError(
          'refusing to send without --yes: no terminal is attached to confirm it (nothing was sent)',
        );
      }
      if (!(await confirm(ctx, 'Send it?'))) {
        await say(ctx, 'Nothing was sent.');
        return 1;
      }
    }
    const client = await signedInClient(ctx, values);
    const result = await sendOnce(ctx, () => client.gifts.create(body as GiftCreate, { maxRetries: 0 }));
    if (format === 'table') {
      const url = result.tracking_url ? `\nTracking URL: ${result.tracking_url}` : '';
      await write(ctx.stdout, `Sent. Tracking code: ${result.tracking_code ?? '(none returned)'}${url}\n`);
    } else {
      await printRecord(format, ctx.stdout, result);
    }
    return 0;
  },
});

/** The SDK's own schema for POST /send, before anything is shown or sent. */
function check(body: Record<string, unknown>): void {
  const parsed = GiftCreate.safeParse(body);
  if (parsed.success) return;
  const issues = parsed.error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    return { path: FLAG_OF[field] ?? field, message: issue.message };
  });
  throw new ValidationError('Invalid send', issues);
}

/**
 * Once the request is out, an interrupt must not hide its outcome: the gift may be on its way.
 * The first Ctrl-C waits for Sendoso's answer; a second one quits without it.
 */
async function sendOnce(ctx: CliContext, post: () => Promise<GiftSendResult>): Promise<GiftSendResult> {
  const onAbort = () =>
    void say(ctx, "Waiting for Sendoso's answer to the send (press Ctrl-C again to quit without it).");
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await post();
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

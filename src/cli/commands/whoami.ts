import { positionals } from '../args.js';
import { defineCommand } from '../command.js';
import { signedInClient } from '../config.js';
import { chooseFormat, FORMAT_HELP, printRecord } from '../format.js';

export const whoami = defineCommand({
  name: 'whoami',
  summary: 'the signed-in user (GET /me)',
  usage: '[--format FORMAT]',
  description: 'Prints the user the stored token belongs to: id, name, email, role and balance.',
  options: { format: { type: 'string' } },
  optionHelp: FORMAT_HELP,
  async run(ctx, { values, positionals: given }) {
    positionals('whoami', given, []);
    const format = chooseFormat(values.format, ctx.stdout);
    const client = await signedInClient(ctx, values);
    const me = await client.me({ signal: ctx.signal });
    await printRecord(format, ctx.stdout, me);
    return 0;
  },
});

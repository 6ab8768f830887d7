import { positionals } from '../args.js';
import { defineCommand } from '../command.js';
import { signedInClient } from '../config.js';
import { chooseFormat, FORMAT_HELP, printRecord } from '../format.js';
import { resourceModule, resourceNamed } from '../resources.js';

export const get = defineCommand({
  name: 'get',
  summary: 'one record: sendoso get touches 12',
  usage: '<resource> <id> [--format FORMAT]',
  description: `Fetches one record by id. Resources by the client's or the element's names: touches, gifts
(or sends), groups, users, return-addresses, journals, payments, purchase-orders, tax-rates, bulk-jobs.`,
  options: { format: { type: 'string' } },
  optionHelp: FORMAT_HELP,
  async run(ctx, { values, positionals: given }) {
    const [resource = '', id = ''] = positionals('get', given, ['<resource>', '<id>']);
    const name = resourceNamed(resource);
    const format = chooseFormat(values.format, ctx.stdout);
    const client = await signedInClient(ctx, values);
    const record = await resourceModule(client, name).get(id, { signal: ctx.signal });
    await printRecord(format, ctx.stdout, record);
    return 0;
  },
});

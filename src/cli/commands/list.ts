import { ceql, type ListOptions } from '../../index.js';
import { positionals, positiveInt } from '../args.js';
import { defineCommand } from '../command.js';
import { signedInClient } from '../config.js';
import { chooseFormat, FORMAT_HELP, recordSink } from '../format.js';
import { Progress } from '../progress.js';
import { columnsOf, resourceModule, resourceNamed } from '../resources.js';

/** Sendoso's largest page. */
const MAX_PAGE = 100;

export const list = defineCommand({
  name: 'list',
  summary: `list records: sendoso list touches --where "status = 'Active'"`,
  usage: '<resource> [--where CEQL] [--page-size N] [--limit N] [--order-by FIELDS] [--format FORMAT]',
  description: `Walks every page of a resource and prints the records: a table on a terminal, one JSON object
per line (NDJSON) when piped. On a terminal, long walks show their progress on stderr.
Resources: touches, gifts (or sends), groups, users, return-addresses, journals, payments,
purchase-orders, tax-rates, bulk-jobs.`,
  options: {
    where: { type: 'string' },
    'page-size': { type: 'string' },
    limit: { type: 'string' },
    'order-by': { type: 'string' },
    format: { type: 'string' },
  },
  optionHelp: `  --where CEQL            only matching records, e.g. "delivery_type = 'mail' AND currency IN ('USD', 'EUR')"
  --page-size N           records per request (Sendoso's largest page is 100)
  --limit N               stop after N records
  --order-by FIELDS       sort, e.g. "created_at desc, name" (local: reads the whole listing first)
${FORMAT_HELP}`,
  async run(ctx, { values, positionals: given }) {
    const [resource = ''] = positionals('list', given, ['<resource>']);
    const name = resourceNamed(resource);
    const format = chooseFormat(values.format, ctx.stdout);
    const limit = positiveInt('limit', values.limit);
    const pageSize = positiveInt('page-size', values['page-size']);
    // Parsed here, so a syntax error (with its position) comes before any request or token refresh.
    const where = values.where === undefined ? undefined : ceql.parse(values.where);
    const query: ListOptions = {};
    if (where) query.where = where;
    // A small --limit needs no full page of 100.
    const size = pageSize ?? (limit !== undefined && limit < MAX_PAGE ? limit : undefined);
    if (size !== undefined) query.pageSize = size;
    if (values['order-by'] !== undefined) query.orderBy = values['order-by'];
    // Every request counts against Sendoso's 10 a second: with --limit, read no page ahead that
    // the limit cannot need (a local filter may still need more; those come one by one).
    if (limit !== undefined) query.prefetch = Math.min(3, Math.ceil(limit / (size ?? MAX_PAGE)) - 1);

    const client = await signedInClient(ctx, values);
    const module = resourceModule(client, name);
    const sink = recordSink(format, ctx.stdout, columnsOf(name));
    // Records streamed to the same terminal would tear through the progress line.
    const progress = new Progress(ctx.stderr, module.name, format === 'table' || !ctx.stdout.isTTY);
    let count = 0;
    try {
      for await (const record of module.list(query, { signal: ctx.signal })) {
        await sink.write(record);
        progress.tick();
        if (++count === limit) break;
      }
    } finally {
      progress.done();
    }
    await sink.end();
    return 0;
  },
});

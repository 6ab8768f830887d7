import { GLOBAL_HELP, type GlobalValues, type OptionTable, type Parsed, parseCommand } from './args.js';
import { type CliContext, write } from './context.js';

/** One `sendoso <name>` command. */
export interface Command {
  readonly name: string;
  /** One line for `sendoso --help`. */
  readonly summary: string;
  /** The whole `sendoso <name> --help` text. */
  readonly help: string;
  /** Resolves to the exit code; throws for errors (the dispatcher turns them into one line and a code). */
  run(ctx: CliContext, argv: string[]): Promise<number>;
}

export interface CommandSpec<O extends OptionTable> {
  name: string;
  summary: string;
  /** What follows `sendoso <name>` in the usage line. */
  usage: string;
  /** Paragraphs after the usage line. */
  description: string;
  options: O;
  /** The command's own options, one per line. */
  optionHelp: string;
  run(ctx: CliContext, parsed: Parsed<O>): Promise<number>;
}

/** A command whose flags are parsed by `node:util`'s parseArgs, with `--help` and the global options. */
export function defineCommand<O extends OptionTable>(spec: CommandSpec<O>): Command {
  const help = [
    `Usage: sendoso ${spec.name} ${spec.usage}`.trimEnd(),
    '',
    spec.description,
    '',
    ...(spec.optionHelp ? ['Options:', spec.optionHelp, ''] : []),
    GLOBAL_HELP,
    '',
  ].join('\n');
  return {
    name: spec.name,
    summary: spec.summary,
    help,
    async run(ctx, argv) {
      const parsed = parseCommand(spec.name, argv, spec.options);
      const values = parsed.values as GlobalValues;
      ctx.debug = values.debug === true;
      if (values.help) {
        await write(ctx.stdout, help);
        return 0;
      }
      return spec.run(ctx, parsed);
    },
  };
}

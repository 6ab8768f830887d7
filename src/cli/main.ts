import { parseArgs } from 'node:util';
import { VERSION } from '../index.js';
import type { Command } from './command.js';
import { get } from './commands/get.js';
import { list } from './commands/list.js';
import { login } from './commands/login.js';
import { logout } from './commands/logout.js';
import { poll } from './commands/poll.js';
import { sandbox } from './commands/sandbox.js';
import { send } from './commands/send.js';
import { whoami } from './commands/whoami.js';
import { type CliContext, write } from './context.js';
import { describeError, EXIT, exitCodeFor, isAbort, UsageError } from './exit.js';

const COMMANDS: readonly Command[] = [login, logout, whoami, list, get, send, poll, sandbox];

const HELP = `sendoso: Sendoso from a terminal (sendoso-element ${VERSION})

Usage: sendoso <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(9)}${c.summary}`).join('\n')}

Run sendoso <command> --help for its options, sendoso --version for the version.
Configuration: flags, then SENDOSO_* environment variables, then the config directory
(SENDOSO_CONFIG_DIR, default ~/.config/sendoso-element) with token.json and config.json.
Exit codes: 0 ok, 1 API or network error, 2 usage error, 130 interrupted.
`;

/** Runs one command line and resolves to the exit code; every error becomes one line on stderr. */
export async function main(argv: string[], ctx: CliContext): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === undefined) {
      await write(ctx.stderr, HELP);
      return EXIT.usage;
    }
    if (first === 'help') return await help(ctx, rest[0]);
    const command = COMMANDS.find((c) => c.name === first);
    if (command) return await command.run(ctx, rest);
    if (!first.startsWith('-')) throw new UsageError(`unknown command "${first}" (see sendoso --help)`);
    return await topLevel(ctx, argv);
  } catch (err) {
    const code = exitCodeFor(err);
    // An interrupt is the user's own doing and needs no error line; a closed stdout is the reader's.
    if (code !== EXIT.ok && (!isAbort(err) || ctx.debug)) {
      await write(ctx.stderr, describeError(err, ctx.debug)).catch(() => {});
    }
    return code;
  }
}

/** `sendoso --version`, `sendoso --help`. */
async function topLevel(ctx: CliContext, argv: string[]): Promise<number> {
  let values: { version?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { version: { type: 'boolean', short: 'V' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch {
    throw new UsageError(`unknown option ${argv[0]}: the command comes first (see sendoso --help)`);
  }
  if (values.version) await write(ctx.stdout, `${VERSION}\n`);
  else await write(ctx.stdout, HELP);
  return EXIT.ok;
}

async function help(ctx: CliContext, name: string | undefined): Promise<number> {
  if (name === undefined) {
    await write(ctx.stdout, HELP);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command "${name}" (see sendoso --help)`);
  await write(ctx.stdout, command.help);
  return EXIT.ok;
}

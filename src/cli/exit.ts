import { AbortError, CeqlSyntaxError, SendosoError, ValidationError } from '../index.js';
import { OutputClosedError } from './context.js';
import { printable } from './table.js';

/** The exit codes the command promises (README "Command line"). */
export const EXIT = { ok: 0, error: 1, usage: 2, interrupted: 130 } as const;

/** The command line itself is wrong: an unknown flag, a missing argument, a value that cannot be. */
export class UsageError extends SendosoError {}

/** 2 for what the user typed (flags, CEQL, bodies), 130 for an interrupt, 1 for what Sendoso or the network said. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof OutputClosedError) return EXIT.ok;
  if (isAbort(err)) return EXIT.interrupted;
  if (err instanceof UsageError || err instanceof ValidationError || err instanceof CeqlSyntaxError) {
    return EXIT.usage;
  }
  return EXIT.error;
}

/**
 * One line (`error: NotFoundError: Touch not found`), plus detail with `--debug`: the error's own
 * public fields (status, request id, code; SDK errors never hold a secret) and the stack.
 */
export function describeError(err: unknown, debug: boolean): string {
  const line = `error: ${headline(err)}`;
  if (!debug) return `${line}\n`;
  const lines = [line];
  if (err instanceof CeqlSyntaxError) lines.push(`  ${err.input}`, `  ${' '.repeat(err.position)}^`);
  if (err instanceof SendosoError) {
    // Headers are redacted by the SDK, but add nothing a user needs here.
    const { name: _name, message: _message, headers: _headers, ...fields } = err.toJSON();
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined)
        lines.push(`  ${key}: ${truncate(JSON.stringify(value) ?? String(value), 500)}`);
    }
  }
  if (err instanceof Error && err.stack) {
    // The first line repeats the message (a multi-line one runs on); the frames start at "at ".
    const frames = err.stack.split('\n').filter((frame) => /^\s+at /.test(frame));
    lines.push(...frames.map(printable));
  }
  let cause = err instanceof Error ? err.cause : undefined;
  while (cause !== undefined) {
    lines.push(`  caused by ${headline(cause)}`);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return `${lines.join('\n')}\n`;
}

/** One printable line: an error's message may be Sendoso's, echoing what anyone typed. */
function headline(err: unknown): string {
  if (err instanceof UsageError) return printable(err.message);
  if (err instanceof Error) return printable(`${err.name}: ${err.message}`);
  return printable(String(err));
}

/** The SDK's AbortError, or the platform's (readline, timers) when the interrupt signal fired. */
export function isAbort(err: unknown): boolean {
  return err instanceof AbortError || (err instanceof Error && err.name === 'AbortError');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

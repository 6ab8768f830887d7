import { createInterface } from 'node:readline/promises';
import type { CliContext } from './context.js';

/** True when someone is at a terminal to answer a question. */
export function canPrompt(ctx: CliContext): boolean {
  return ctx.stdin.isTTY === true && ctx.stderr.isTTY === true;
}

/** Asks a yes/no question on the terminal; anything but "y" or "yes" is no. */
export async function confirm(ctx: CliContext, question: string): Promise<boolean> {
  const rl = createInterface({ input: ctx.stdin, output: ctx.stderr });
  // In raw mode Ctrl-C reaches readline, not the process: pass it on as the interrupt it is.
  rl.on('SIGINT', () => ctx.interrupt());
  try {
    const answer = await rl.question(`${question} [y/N] `, { signal: ctx.signal });
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** Reads one line from the terminal (a pasted authorization code). */
export async function ask(ctx: CliContext, question: string): Promise<string> {
  const rl = createInterface({ input: ctx.stdin, output: ctx.stderr });
  rl.on('SIGINT', () => ctx.interrupt());
  try {
    return (await rl.question(question, { signal: ctx.signal })).trim();
  } finally {
    rl.close();
  }
}

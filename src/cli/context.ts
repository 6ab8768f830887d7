import type { Readable, Writable } from 'node:stream';

/** An output stream that may be a terminal. */
export type Output = Writable & { isTTY?: boolean; columns?: number };

/** The input stream, which may be a terminal. */
export type Input = Readable & { isTTY?: boolean };

/** What a command may touch of the process: its streams, environment and the interrupt signal. */
export interface CliContext {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly stdin: Input;
  readonly env: NodeJS.ProcessEnv;
  readonly platform: NodeJS.Platform;
  /** Aborted by the first SIGINT or SIGTERM (or `interrupt()`): commands stop and exit 130. */
  readonly signal: AbortSignal;
  /** Acts as if the user pressed Ctrl-C (a terminal prompt in raw mode receives it instead of the process). */
  interrupt(): void;
  /** `--debug` was given: errors carry detail, the SDK logs at debug level. */
  debug: boolean;
}

/** Thrown when stdout was closed by its reader (`sendoso list touches | head`): not an error of ours. */
export class OutputClosedError extends Error {
  constructor() {
    super('stdout was closed');
    this.name = 'OutputClosedError';
  }
}

/**
 * Writes one chunk and resolves once the stream has taken it (the write callback), so a caller can
 * treat "written" as done: the poller acknowledges an event only after this resolves.
 */
export function write(out: Output, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (out.destroyed || out.writableEnded) {
      reject(new OutputClosedError());
      return;
    }
    out.write(text, (err) => {
      if (!err) resolve();
      else reject(isClosed(err) ? new OutputClosedError() : err);
    });
  });
}

/** One line of human-facing text on stderr (never part of the data on stdout). */
export function say(ctx: CliContext, text: string): Promise<void> {
  return write(ctx.stderr, `${text}\n`).catch(() => {});
}

function isClosed(err: Error): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ERR_STREAM_WRITE_AFTER_END';
}

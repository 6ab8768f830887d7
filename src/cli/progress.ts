import type { Output } from './context.js';

/** Walks shorter than this show nothing. */
const QUIET_MS = 1000;
const EVERY_MS = 250;

/**
 * "1,200 touches (340/s)" on stderr while a long walk runs, redrawn in place, and erased at the end.
 * Only on a terminal: piped or redirected stderr never gets it.
 */
export class Progress {
  readonly #out: Output;
  readonly #label: string;
  readonly #started = Date.now();
  #count = 0;
  #shown = false;
  #timer: NodeJS.Timeout | undefined;

  /** `enabled`: only when records are not streaming onto the same terminal line by line. */
  constructor(out: Output, label: string, enabled: boolean) {
    this.#out = out;
    this.#label = label;
    if (!out.isTTY || !enabled) return;
    this.#timer = setInterval(() => this.#draw(), EVERY_MS);
    this.#timer.unref();
  }

  tick(): void {
    this.#count++;
  }

  done(): void {
    clearInterval(this.#timer);
    if (this.#shown) this.#out.write('\r\x1b[K');
  }

  #draw(): void {
    const elapsed = Date.now() - this.#started;
    if (elapsed < QUIET_MS) return;
    const rate = Math.round((this.#count * 1000) / elapsed);
    this.#out.write(
      `\r${this.#count.toLocaleString('en-US')} ${this.#label} (${rate.toLocaleString('en-US')}/s)\x1b[K`,
    );
    this.#shown = true;
  }
}

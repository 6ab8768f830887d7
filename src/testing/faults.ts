import { STATUS_CODES } from 'node:http';
import { answer, type Exchange, send } from './http-io.js';
import { TOO_MANY_REQUESTS } from './rate-limit.js';
import type { FaultOptions, SandboxFaults } from './types.js';
import { closedWhileWaiting } from './wait.js';

type Rule = { remaining: number; skip: number; options: FaultOptions };

/**
 * Queued failures. A request is offered to every rule it matches, in the order the rules were added:
 * rules still letting requests pass (`after`) count it, and the first rule that is armed fires.
 */
export class FaultQueue implements SandboxFaults {
  #rules: Rule[] = [];

  next(count: number, options: FaultOptions = {}): void {
    if (!Number.isSafeInteger(count) || count < 1)
      throw new TypeError('faults.next: count must be a positive integer');
    const after = options.after ?? 0;
    if (!Number.isSafeInteger(after) || after < 0)
      throw new TypeError('faults.next: after must be a non-negative integer');
    this.#rules.push({ remaining: count, skip: after, options });
  }

  clear(): void {
    this.#rules = [];
  }

  /** The fault to apply to this request, if any (consumes one use of it). */
  take(method: string, path: string, isApi: boolean): FaultOptions | undefined {
    let fired: FaultOptions | undefined;
    for (const rule of this.#rules) {
      if (!matches(rule.options, method, path, isApi)) continue;
      if (rule.skip > 0) {
        rule.skip--;
      } else if (!fired) {
        fired = rule.options;
        rule.remaining--;
      }
    }
    if (fired) this.#rules = this.#rules.filter((r) => r.remaining > 0);
    return fired;
  }
}

function matches(options: FaultOptions, method: string, path: string, isApi: boolean): boolean {
  const match = options.match;
  if (!match) return isApi;
  if (match.method && match.method.toUpperCase() !== method.toUpperCase()) return false;
  if (match.path === undefined) return true;
  if (typeof match.path === 'string') return match.path === path;
  match.path.lastIndex = 0; // a /g or /y RegExp would otherwise alternate between hits and misses
  return match.path.test(path);
}

/**
 * Plays a fault out. Returns true when the fault answered (or reset) the request, false when it only
 * delayed it and the request should now be answered normally.
 */
export async function applyFault(ex: Exchange, fault: FaultOptions, closing: AbortSignal): Promise<boolean> {
  if (
    fault.delayMs !== undefined &&
    fault.delayMs > 0 &&
    (await closedWhileWaiting(fault.delayMs, closing))
  ) {
    ex.req.socket.destroy(); // the sandbox is closing: nobody is waiting for this answer
    return true;
  }
  if (fault.reset) {
    ex.log.status = 0;
    ex.req.socket.destroy();
    return true;
  }
  const delayOnly =
    fault.delayMs !== undefined &&
    fault.status === undefined &&
    fault.body === undefined &&
    fault.headers === undefined;
  if (delayOnly) return false;
  const status = fault.status ?? 500;
  send(ex, answer(status, fault.body === undefined ? defaultBody(status) : fault.body, fault.headers));
  return true;
}

function defaultBody(status: number): unknown {
  if (status === 429) return TOO_MANY_REQUESTS;
  return { success: false, message: STATUS_CODES[status] ?? `HTTP ${status}` };
}

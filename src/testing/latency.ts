import type { SandboxSettings } from './types.js';

/** A latency longer than this is a mistake (Node would fire a timer over 2^31 ms at once). */
export const MAX_LATENCY_MS = 60_000;

/**
 * One request's network round trip: `latencyMs ± latencyJitterMs`, uniform, drawn once per request.
 * The pipeline waits half of it before the request arrives (it is logged and counts towards the
 * rate limit then) and the other half before the answer goes out, so a client sees the whole draw
 * as its round trip and Sendoso's window sees arrivals, as across a real network.
 */
export function drawLatency(settings: Pick<SandboxSettings, 'latencyMs' | 'latencyJitterMs'>): number {
  const { latencyMs, latencyJitterMs } = settings;
  if (!(latencyMs > 0)) return 0;
  const jitter = latencyJitterMs > 0 ? (Math.random() * 2 - 1) * latencyJitterMs : 0;
  return Math.min(MAX_LATENCY_MS, Math.max(0, latencyMs + jitter));
}

/** Why `latencyMs`/`latencyJitterMs` are refused, or undefined when they are fine. */
export function latencyProblem(latencyMs: unknown, latencyJitterMs: unknown): string | undefined {
  const isDelay = (v: unknown) =>
    typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_LATENCY_MS;
  if (latencyMs !== undefined && !isDelay(latencyMs)) {
    return `latencyMs must be a number of milliseconds from 0 to ${MAX_LATENCY_MS}, got ${String(latencyMs)}`;
  }
  if (latencyJitterMs !== undefined && !isDelay(latencyJitterMs)) {
    return `latencyJitterMs must be a number of milliseconds from 0 to ${MAX_LATENCY_MS}, got ${String(latencyJitterMs)}`;
  }
  if (((latencyJitterMs as number | undefined) ?? 0) > ((latencyMs as number | undefined) ?? 0)) {
    return `latencyJitterMs (${String(latencyJitterMs)}) must be at most latencyMs (${String(latencyMs ?? 0)}): a round trip cannot be shorter than 0`;
  }
  return undefined;
}

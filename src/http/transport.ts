import axios, { type AxiosInstance } from 'axios';
import type { Agents } from './agents.js';

export type TransportOptions = {
  /** Largest response body axios reads; beyond it, it stops reading and rejects. */
  maxResponseBytes: number;
  /** Keep-alive agents (the app's own, a proxy's, or the default loopback-pinned ones). */
  agents: Agents;
};

/**
 * One axios instance per client over keep-alive agents (a TLS handshake per call would dominate
 * Sendoso's latency). Statuses are never thrown by axios and bodies arrive as text: mapping both is
 * the request path's job, in one place.
 */
export function createTransport({ maxResponseBytes, agents }: TransportOptions): AxiosInstance {
  return axios.create({
    httpAgent: agents.http,
    httpsAgent: agents.https,
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    maxRedirects: 0,
    // Counted after decompression, so a small gzip bomb is stopped too. Axios destroys the socket
    // as soon as the count passes the limit, without reading the rest.
    maxContentLength: maxResponseBytes,
    // Axios' own proxy detection would send credentials through env-configured proxies unannounced;
    // a proxy is the app's explicit `proxy` option, tunnelled by the agents.
    proxy: false,
  });
}

/** True for the error axios rejects with when a body passes `maxContentLength`. */
export function isTooLarge(error: unknown): boolean {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message.startsWith('maxContentLength size of');
}

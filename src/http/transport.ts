import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import { loopbackLookup } from './loopback-lookup.js';

export type TransportOptions = {
  /** Largest response body axios reads; beyond it, it stops reading and rejects. */
  maxResponseBytes: number;
};

/**
 * One axios instance per client over keep-alive agents (a TLS handshake per call would dominate
 * Sendoso's latency). Statuses are never thrown by axios and bodies arrive as text: mapping both is
 * the request path's job, in one place.
 */
export function createTransport({ maxResponseBytes }: TransportOptions): AxiosInstance {
  return axios.create({
    httpAgent: new http.Agent({ keepAlive: true, lookup: loopbackLookup }),
    httpsAgent: new https.Agent({ keepAlive: true, lookup: loopbackLookup }),
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    maxRedirects: 0,
    // Counted after decompression, so a small gzip bomb is stopped too. Axios destroys the socket
    // as soon as the count passes the limit, without reading the rest.
    maxContentLength: maxResponseBytes,
    // Axios' own proxy detection would send credentials through env-configured proxies unannounced.
    proxy: false,
  });
}

/** True for the error axios rejects with when a body passes `maxContentLength`. */
export function isTooLarge(error: unknown): boolean {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message.startsWith('maxContentLength size of');
}

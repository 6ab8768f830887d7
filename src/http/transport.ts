import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance } from 'axios';

/**
 * One axios instance per client over keep-alive agents (a TLS handshake per call would dominate
 * Sendoso's latency). Statuses are never thrown by axios and bodies arrive as text: mapping both is
 * the request path's job, in one place.
 */
export function createTransport(): AxiosInstance {
  return axios.create({
    httpAgent: new http.Agent({ keepAlive: true }),
    httpsAgent: new https.Agent({ keepAlive: true }),
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    maxRedirects: 0,
    // Axios' own proxy detection would send credentials through env-configured proxies unannounced.
    proxy: false,
  });
}

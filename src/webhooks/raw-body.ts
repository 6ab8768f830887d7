import type { IncomingMessage } from 'node:http';
import { WebhookVerificationError } from '../errors.js';
import { tooLarge } from './verify.js';

/** The client went away before its body was complete; there is nobody left to answer. */
export class ClientGoneError extends Error {}

/**
 * Reads the request body as raw bytes, refusing more than `maxBytes`: a declared `content-length`
 * above it before reading anything, a stream that grows past it as soon as it does.
 */
export function readRawBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > maxBytes) return Promise.reject(tooLarge(maxBytes));
  if (req.readableEnded) {
    return Promise.reject(
      new WebhookVerificationError(
        'parsed_body',
        'The webhook request body was already read by another middleware and is not on req.body: mount the handler before body parsers, or keep the raw body (e.g. express.raw({ type: "*/*" }))',
      ),
    );
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (done: () => void) => {
      req.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onGone);
      done();
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (size > maxBytes) {
        req.pause();
        settle(() => reject(tooLarge(maxBytes)));
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = () => settle(() => resolve(Buffer.concat(chunks, size)));
    const onGone = () =>
      settle(() => reject(new ClientGoneError('The webhook request ended before its body did')));
    req.on('data', onData).once('end', onEnd).once('error', onGone).once('close', onGone);
  });
}

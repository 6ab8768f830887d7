/**
 * Webhooks that drive a poller: Sendoso's webhook says that a send changed, the poller's pass says
 * what changed (`updated` with `changedFields`), within a second instead of an interval later. The
 * interval pass still runs, so a change whose webhook never came is caught all the same.
 */
import http from 'node:http';
import { createWebhookHandler, type Poller, type SendosoClient } from 'sendoso-element';

export function watchSendStatuses(
  client: SendosoClient,
  secret: string,
  notify: (sendId: string, status: unknown) => Promise<void>,
): { poller: Poller<unknown>; server: http.Server } {
  // #region readme webhooks-poll
  const poller = client.poll('gifts', { intervalMs: 60_000 }); // the safety net for missed webhooks
  poller.on('updated', async (event) => {
    if (event.changedFields?.includes('status')) await notify(event.objectId, event.object?.status);
  });
  // Each new verified webhook runs a pass now (coalesced: at most one in flight and one queued).
  const server = http.createServer(createWebhookHandler({ secret, poller }));
  // #endregion
  return { poller: poller as Poller<unknown>, server };
}

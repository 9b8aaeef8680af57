import { createServer } from 'node:http';
import { type ForwardedEvent, signForwardedBody } from '@omega/forwarding';
import { handleIngestRequest, type IngestResponse } from '../../src/ingest/handle-request.ts';
import type { PipelineDeps } from '../../src/pipeline/deps.ts';

export const INGEST_SECRET = 'test-ingest-secret-0123456789abcdef';

/**
 * Stands in for the edge worker in Node tests: receives the sandbox's signed status
 * callbacks over HTTP, turns each into the worker's `ForwardedEvent` (id, `?n=`, every
 * parameter), signs it with the contract's HMAC and hands it to the ingestion endpoint's
 * handler, as the worker's queue consumer would.
 */
export async function startEdgeRelay(deps: () => PipelineDeps) {
  const answers: Array<{ event: ForwardedEvent; answer: IngestResponse }> = [];
  const pending = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://relay');
      const form = new URLSearchParams(raw);
      const params: Record<string, string | string[]> = {};
      for (const [k, v] of form) {
        const prev = params[k];
        params[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
      }
      const sid = String(params.MessageSid ?? params.SmsSid ?? '');
      const inbound = url.pathname.endsWith('/inbound');
      const event: ForwardedEvent = {
        id: inbound
          ? `inbound:${sid}`
          : `status:${sid}:${String(params.MessageStatus ?? params.SmsStatus)}`,
        type: inbound ? 'inbound' : 'status',
        receivedAt: new Date().toISOString(),
        params,
      };
      const n = url.searchParams.get('n');
      if (n) event.notificationId = n;
      const p = (async () => {
        const body = JSON.stringify(event);
        const d = deps();
        const signature = await signForwardedBody(
          INGEST_SECRET,
          body,
          Math.floor(d.clock().getTime() / 1000),
        );
        const answer = await handleIngestRequest(d, {
          secret: INGEST_SECRET,
          signature,
          rawBody: body,
        });
        answers.push({ event, answer });
      })();
      pending.add(p);
      void p.finally(() => pending.delete(p));
      res.writeHead(inbound ? 200 : 204, inbound ? { 'content-type': 'text/xml' } : {});
      res.end(inbound ? '<Response/>' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    answers,
    /** Waits until every callback received so far has been ingested. */
    async settle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// Dead letters replayed, on workerd with Miniflare's local queues as wrangler.jsonc declares them:
// a status callback arrives while ingestion is down (its HMAC secret missing: 503), the events
// queue gives up and dead-letters it, the dead-letter consumer keeps offering it with its
// backoff, and once ingestion answers again the event reaches it, signed, exactly once.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  EVENT_ID_HEADER,
  parseForwardedEvent,
  SIGNATURE_HEADER,
  verifyForwardedSignature,
} from '@omega/forwarding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalWorker, startLocalWorker } from '../support/local-worker.ts';
import { signedRequest, statusParams } from '../support/twilio.ts';

const TOKEN = 'dead-letter-test-token';
const INGEST_SECRET = 'dead-letter-ingest-secret-0123456789abcdef';

let worker: LocalWorker;
let ingest: Server;
let healthy = false;
const tries: string[] = [];
const accepted: Array<{ id: string; header: string | undefined; verified: boolean }> = [];
const logs: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  ingest = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', async () => {
      const parsed = parseForwardedEvent(JSON.parse(body));
      const id = parsed.ok ? parsed.value.id : 'unparsed';
      tries.push(id);
      if (!healthy) {
        res.writeHead(503).end('INGEST_HMAC_SECRET is not set');
        return;
      }
      const check = await verifyForwardedSignature({
        secret: INGEST_SECRET,
        header: req.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined,
        body,
        now: Math.floor(Date.now() / 1000),
      });
      accepted.push({
        id,
        header: req.headers[EVENT_ID_HEADER.toLowerCase()] as string | undefined,
        verified: check.ok,
      });
      res.writeHead(check.ok ? 204 : 401).end();
    });
  });
  await new Promise<void>((resolve) => ingest.listen(0, '127.0.0.1', resolve));
  worker = await startLocalWorker({
    bindings: {
      TWILIO_AUTH_TOKEN: TOKEN,
      INGEST_URL: `http://127.0.0.1:${(ingest.address() as AddressInfo).port}/twilioIngest`,
      INGEST_SECRET,
      DEAD_LETTER_RETRY_SECONDS: '1',
    },
    // The events queue's own retries (10, over ~3 h) are the consumer test's business: here the
    // first failure dead-letters the event.
    eventsMaxRetries: 0,
    onLog: ({ message }) => {
      for (const line of message.split('\n')) {
        try {
          logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // Miniflare's own lines
        }
      }
    },
  });
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await new Promise((resolve) => ingest?.close(resolve));
});

const events = (name: string) => logs.filter((l) => l.event === name);

describe('a callback dead-lettered while ingestion is down', () => {
  it('is replayed from the dead-letter queue once ingestion is back, exactly once', async () => {
    const sid = 'SMdead0000000000000000000000000000';
    const request = await signedRequest({
      url: `${worker.url}/twilio/status?n=notif_dlq`,
      params: statusParams({ MessageSid: sid, SmsSid: sid }),
      token: TOKEN,
    });
    const response = await fetch(request);
    expect(response.status).toBe(204);
    const id = `status:${sid}:delivered`;

    // Refused by the events consumer, dead-lettered, refused again by the dead-letter consumer
    // (its retry scheduled with the backoff): the event is kept, not lost.
    await expect
      .poll(() => events('dead_letter_retry').length, { timeout: 20_000, interval: 100 })
      .toBeGreaterThanOrEqual(1);
    expect(events('forward_failed')).toHaveLength(1);
    expect(tries.filter((t) => t === id).length).toBeGreaterThanOrEqual(2);
    expect(accepted).toEqual([]);

    healthy = true;
    await expect.poll(() => accepted.length, { timeout: 20_000, interval: 100 }).toBe(1);
    expect(accepted[0]).toEqual({ id, header: id, verified: true });
    await expect
      .poll(() => events('dead_letters_replayed'), { timeout: 10_000, interval: 100 })
      .toEqual([expect.objectContaining({ count: 1, ids: [id] })]);
    // Acked: nothing comes again.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(accepted).toHaveLength(1);
  });
});

// End to end from the Twilio sandbox's own signed webhooks: sandbox → worker on workerd
// (local Queue + consumer) → an ingestion stand-in that verifies the forwarding contract.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  EVENT_ID_HEADER,
  type ForwardedEvent,
  parseForwardedEvent,
  SIGNATURE_HEADER,
  verifyForwardedSignature,
} from '@omega/forwarding';
import { start, type TwilioSandbox } from '@omega/twilio-sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LocalWorker, startLocalWorker } from '../support/local-worker.ts';

const TOKEN = 'sandbox-integration-token';
const INGEST_SECRET = 'integration-ingest-secret-0123456789abcdef';
const FRAGMENT = 'rc=3&rp=ct,rt,5xx';
const CUSTOMER = '+33612345678';

interface Forwarded {
  event: ForwardedEvent;
  eventIdHeader: string | undefined;
  verified: boolean;
}

let sandbox: TwilioSandbox;
let worker: LocalWorker;
let ingest: Server;
let forwarded: Forwarded[] = [];
let ingestStatus = 204;

beforeAll(async () => {
  ingest = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', async () => {
      const check = await verifyForwardedSignature({
        secret: INGEST_SECRET,
        header: req.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined,
        body,
        now: Math.floor(Date.now() / 1000),
      });
      const parsed = parseForwardedEvent(JSON.parse(body));
      if (parsed.ok && ingestStatus < 300) {
        forwarded.push({
          event: parsed.value,
          eventIdHeader: req.headers[EVENT_ID_HEADER.toLowerCase()] as string | undefined,
          verified: check.ok,
        });
      }
      res.writeHead(check.ok ? ingestStatus : 401).end();
    });
  });
  await new Promise<void>((resolve) => ingest.listen(0, '127.0.0.1', resolve));
  const ingestUrl = `http://127.0.0.1:${(ingest.address() as AddressInfo).port}/twilioIngest`;
  worker = await startLocalWorker({
    bindings: {
      TWILIO_AUTH_TOKEN: TOKEN,
      INGEST_URL: ingestUrl,
      INGEST_SECRET,
      STATUS_CALLBACK_FRAGMENT: FRAGMENT,
    },
  });
  sandbox = await start({
    authToken: TOKEN,
    callbackDelays: 'instant',
    inboundUrl: `${worker.url}/twilio/inbound`,
  });
}, 60_000);

afterAll(async () => {
  await sandbox?.stop();
  await worker?.stop();
  await new Promise((resolve) => ingest?.close(resolve));
});

beforeEach(() => {
  sandbox.reset();
  forwarded = [];
  ingestStatus = 204;
});

async function send(statusCallback: string): Promise<string> {
  const res = await fetch(
    `${sandbox.url}/2010-04-01/Accounts/${sandbox.accountSid}/Messages.json`,
    {
      method: 'POST',
      headers: {
        Authorization: `Basic ${btoa(`${sandbox.accountSid}:${TOKEN}`)}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        To: CUSTOMER,
        From: 'OMEGA',
        Body: 'Votre téléphone est prêt',
        StatusCallback: statusCallback,
      }),
    },
  );
  expect(res.status).toBe(201);
  return ((await res.json()) as { sid: string }).sid;
}

async function until<T>(probe: () => T | undefined | false, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Twilio sandbox → webhook-edge → ingestion', () => {
  it('forwards every status callback of a send, signed, with the notification id', async () => {
    const sid = await send(`${worker.url}/twilio/status?n=notif_sbx1#${FRAGMENT}`);
    await sandbox.waitFor(() => {
      const m = sandbox.message(sid);
      return m && m.callbacks.length >= 3 && m.callbacks.every((c) => c.finished);
    });
    const callbacks = sandbox.message(sid)?.callbacks ?? [];
    // The worker answered every signed callback with an empty 2xx.
    expect(callbacks.map((c) => c.attempts.at(-1)?.status)).toEqual([204, 204, 204]);
    const events = await until(() => forwarded.length >= 3 && forwarded);
    expect(events.map((f) => f.event.id).sort()).toEqual(
      [`status:${sid}:delivered`, `status:${sid}:sending`, `status:${sid}:sent`].sort(),
    );
    for (const f of events) {
      expect(f.verified).toBe(true);
      expect(f.eventIdHeader).toBe(f.event.id);
      expect(f.event).toMatchObject({
        type: 'status',
        notificationId: 'notif_sbx1',
        params: { MessageSid: sid, To: CUSTOMER, From: 'OMEGA' },
      });
    }
  });

  it('forwards a customer reply and answers Twilio with empty TwiML', async () => {
    const result = await sandbox.simulateInbound({
      from: `whatsapp:${CUSTOMER}`,
      body: 'STOP',
      profileName: 'Zoë',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const webhook = result.value.webhook;
    expect(webhook?.attempts.at(-1)?.status).toBe(200);
    expect(webhook?.responseBody).toContain('<Response/>');
    const [event] = await until(() => forwarded.length >= 1 && forwarded);
    expect(event?.verified).toBe(true);
    expect(event?.event).toMatchObject({
      id: `inbound:${result.value.message.sid}`,
      type: 'inbound',
      params: { Body: 'STOP', From: `whatsapp:${CUSTOMER}`, ProfileName: 'Zoë' },
    });
    expect(event?.event.notificationId).toBeUndefined();
  });

  it('rejects callbacks signed with another token (403) and forwards nothing', async () => {
    const other = await start({ authToken: 'not-the-worker-token', callbackDelays: 'instant' });
    try {
      const res = await fetch(
        `${other.url}/2010-04-01/Accounts/${other.accountSid}/Messages.json`,
        {
          method: 'POST',
          headers: {
            Authorization: `Basic ${btoa(`${other.accountSid}:not-the-worker-token`)}`,
            'Content-Type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({
            To: CUSTOMER,
            From: 'OMEGA',
            Body: 'x',
            StatusCallback: `${worker.url}/twilio/status?n=notif_forged`,
          }),
        },
      );
      const { sid } = (await res.json()) as { sid: string };
      await other.waitFor(() => {
        const m = other.message(sid);
        return m && m.callbacks.length >= 3 && m.callbacks.every((c) => c.finished);
      });
      const statuses = other.message(sid)?.callbacks.map((c) => c.attempts.at(-1)?.status);
      expect(statuses).toEqual([403, 403, 403]);
      await new Promise((r) => setTimeout(r, 1500));
      expect(forwarded).toEqual([]);
    } finally {
      await other.stop();
    }
  });

  it('keeps retrying while the ingestion fails, then delivers (Twilio already had its 204)', async () => {
    ingestStatus = 503;
    const sid = await send(`${worker.url}/twilio/status?n=notif_retry`);
    await sandbox.waitFor(() => {
      const m = sandbox.message(sid);
      return m && m.callbacks.length >= 3 && m.callbacks.every((c) => c.finished);
    });
    expect(sandbox.message(sid)?.callbacks.map((c) => c.attempts.at(-1)?.status)).toEqual([
      204, 204, 204,
    ]);
    await new Promise((r) => setTimeout(r, 2500));
    expect(forwarded).toEqual([]);
    ingestStatus = 204;
    // The first retry comes 15 s after the failure.
    const events = await until(() => forwarded.length >= 3 && forwarded, 40_000);
    expect(new Set(events.map((f) => f.event.id)).size).toBe(3);
  }, 60_000);
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { type StorageEmulator, start as startStorage } from '@omega/storage-emulator';
import { initializeApp } from 'firebase-admin/app';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createCustomerApi } from '../src/customer-api/app.ts';
import { customerApiDepsFromPipeline } from '../src/customer-api/build-deps.ts';
import { firebaseMediaStore } from '../src/media/store.ts';
import { ticketShortId } from '../src/pipeline/short-links.ts';
import {
  type ApiHarness,
  startApiHarness,
  stubVerifier,
  TOKENS,
} from './api/support/api-harness.ts';
import { startEdgeRelay } from './support/edge-relay.ts';
import { seedRegistered, ticket } from './support/fixtures.ts';
import { historyOf } from './support/history.ts';
import type { EdgeRelay } from './support/relay-harness.ts';
import { createTicket, updateTicket } from './support/triggers.ts';
import { useHarness } from './support/use-harness.ts';

// Repair photos end to end against real parts: the staff API, sharp, firebase-admin's storage
// against the Cloud Storage stand-in, the send pipeline to the Twilio sandbox (which fetches
// each MediaUrl as Twilio does), the customer API over HTTP (media links, landing page), and
// customers' photos from the sandbox's Twilio-shaped media URLs through the ingestion.
let h: ApiHarness;
let relay: EdgeRelay;
let storage: StorageEmulator;
let customerServer: Server;
let customerUrl: string;
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies and documents read in assertions
type Json = any;
const SECRET = 'test-short-link-secret';
const BUCKET = 'omega-photos-test';

useHarness({
  start: async () => {
    storage = await startStorage({ port: 0 });
    process.env.STORAGE_EMULATOR_HOST = storage.url;
    const harness = await startApiHarness();
    relay = await startEdgeRelay(() => harness.deps);
    harness.deps.config.edgePublicUrl = relay.url;
    customerServer = createServer((req, res) => listener(req, res));
    await new Promise<void>((resolve) => customerServer.listen(0, '127.0.0.1', resolve));
    customerUrl = `http://127.0.0.1:${(customerServer.address() as AddressInfo).port}`;
    const app = initializeApp({ projectId: harness.firestore.projectId }, `photos-${Date.now()}`);
    const media = {
      store: firebaseMediaStore(app, BUCKET),
      publicUrl: customerUrl,
      signingSecret: SECRET,
      twilio: {
        accountSid: harness.sandbox.accountSid,
        authToken: harness.sandbox.authToken,
        origins: [harness.sandbox.url],
      },
    };
    harness.deps.media = media;
    harness.apiDeps.media = media;
    const customer = createCustomerApi(
      customerApiDepsFromPipeline(harness.deps, {
        auth: stubVerifier,
        appPublicUrl: 'https://app.omega.test',
      }),
    );
    const listener = getRequestListener(customer.fetch);
    const reset = harness.reset.bind(harness);
    harness.reset = async () => {
      harness.sandbox.reset();
      await relay.settle();
      storage.reset();
      await reset();
    };
    const close = harness.close.bind(harness);
    harness.close = async () => {
      await relay.stop();
      await new Promise<void>((resolve) => customerServer.close(() => resolve()));
      await storage.stop();
      await close();
    };
    return harness;
  },
  started: (started) => {
    h = started;
  },
});

/** A camera photo: 3000 × 2000 JPEG with EXIF (camera) and GPS. */
async function cameraPhoto(): Promise<Buffer> {
  return sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#3366aa' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'Pocket 9' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 0/1' },
    })
    .toBuffer();
}

async function upload(
  ticketId: string,
  bytes: Uint8Array,
  options: { label?: string; key?: string | null; type?: string; token?: string } = {},
) {
  const headers: Record<string, string> = {
    authorization: `Bearer ${options.token ?? TOKENS.staff}`,
    'content-type': options.type ?? 'image/jpeg',
  };
  if (options.key !== null)
    headers['idempotency-key'] = options.key ?? `photo-${Math.random().toString(36).slice(2, 12)}`;
  const res = await h.api.request(
    `/api/staff/tickets/${ticketId}/photos?label=${options.label ?? 'after'}`,
    {
      method: 'POST',
      headers,
      body: bytes,
    },
  );
  return { status: res.status, body: (await res.json()) as Json };
}

async function seedWhatsAppCustomer() {
  // The customer wrote on WhatsApp: the sandbox's 24 h window is open (no webhook here).
  await h.sandbox.simulateInbound({ from: 'whatsapp:+33698765432', body: 'Bonjour', url: '' });
  await seedRegistered(
    h.db,
    { clientId: 'c1', customerId: 'u1' },
    { email: null, whatsappLastInboundAt: new Date('2026-03-02T08:30:00Z') },
  );
  await createTicket(h, 't1', ticket({ clientId: 'c1', customerId: 'u1', status: 'received' }));
  await h.queue.drain();
}

const outbound = () =>
  h.sandbox.messages().filter((m) => m.direction === 'outbound-api') as Array<Json>;

describe('a staff photo goes out with the next WhatsApp message', () => {
  it('resized, without metadata, as MediaUrl once; the link expires, a tampered one is refused; the landing page shows it', async () => {
    await seedWhatsAppCustomer();
    expect(outbound()).toHaveLength(1);

    const uploaded = await upload('t1', await cameraPhoto(), { label: 'after' });
    expect(uploaded.status).toBe(201);
    const photo = uploaded.body.photo;
    expect(photo).toMatchObject({ label: 'after', width: 1600, height: 1067, sendPending: false });
    const chosen = await h.json('POST', `/api/staff/tickets/t1/photos/${photo.id}`, {
      body: { send: true },
    });
    expect(chosen.body).toMatchObject({ photo: { sendPending: true } });

    await updateTicket(h, 't1', { status: 'in_repair' });
    await h.queue.drain();
    const sent = outbound()[0] as Json;
    expect(outbound()).toHaveLength(2);
    expect(sent.sid).toMatch(/^MM/);
    expect(sent.media).toHaveLength(1);
    const mediaUrl = sent.media[0].url as string;
    expect(mediaUrl.startsWith(`${customerUrl}/m/`)).toBe(true);
    // The sandbox fetched it as Twilio would.
    const fetched = await h.sandbox.waitFor(() => h.sandbox.message(sent.sid)?.media?.[0]?.fetched);
    expect(fetched).toMatchObject({ status: 200, contentType: 'image/jpeg' });

    // What the link serves: the resized photo, no EXIF or GPS.
    const res = await fetch(mediaUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    const served = Buffer.from(await res.arrayBuffer());
    const metadata = await sharp(served).metadata();
    expect([metadata.width, metadata.height]).toEqual([1600, 1067]);
    expect(metadata.exif).toBeUndefined();
    expect(served.includes(Buffer.from('TestCam'))).toBe(false);

    // Recorded once: the history says which photo went, the photo says with which message.
    const docs = await historyOf(h.db, 't1');
    const carrier = docs.find((d) => d.metadata.twilioMessageId === sent.sid) as Json;
    expect(carrier.metadata.media).toEqual({ ticketId: 't1', photoId: photo.id, label: 'after' });
    const listed = await h.json<{ photos: Array<Json> }>('GET', '/api/staff/tickets/t1/photos');
    expect(listed.body.photos[0]).toMatchObject({
      sendPending: false,
      sentWith: { notificationId: carrier.id, channel: 'whatsapp' },
    });

    // A tampered link is refused; an expired one too.
    const tampered = mediaUrl.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await fetch(tampered)).status).toBe(403);
    const { status: landingStatus, text: landing } = await page(
      `/t/${ticketShortId('t1', SECRET, 0)}`,
    );
    expect(landingStatus).toBe(200);
    expect(landing).toContain('Photos de votre appareil');
    const img = /<img src="(\/m\/[^"]+)" alt="Photo de votre appareil : après la réparation"/.exec(
      landing,
    );
    expect(img).not.toBeNull();
    expect((await fetch(`${customerUrl}${img?.[1]}`)).status).toBe(200);
    h.clock.advance(25 * 3_600_000);
    expect((await fetch(mediaUrl)).status).toBe(410);

    // The next message carries no photo: it went once.
    await updateTicket(h, 't1', { status: 'waiting_for_parts' });
    await h.queue.drain();
    expect(outbound().filter((m) => (m.media ?? []).length > 0)).toHaveLength(1);
  });

  it('waits outside the window and never rides an SMS; the landing page shows it', async () => {
    await seedRegistered(
      h.db,
      { clientId: 'c2', customerId: 'u2' },
      {
        email: null,
        whatsappLastInboundAt: null,
        notificationPreferences: {
          emailEnabled: false,
          smsEnabled: true,
          whatsappEnabled: false,
          pushEnabled: false,
        },
      },
    );
    await createTicket(h, 't2', ticket({ clientId: 'c2', customerId: 'u2' }));
    await h.queue.drain();
    const uploaded = await upload('t2', await cameraPhoto(), { label: 'diagnosis' });
    await h.json('POST', `/api/staff/tickets/t2/photos/${uploaded.body.photo.id}`, {
      body: { send: true },
    });
    await updateTicket(h, 't2', { status: 'diagnosing' });
    await h.queue.drain();
    const sms = outbound().filter((m) => m.channel === 'sms');
    expect(sms.length).toBeGreaterThanOrEqual(2);
    expect(sms.every((m) => (m.media ?? []).length === 0)).toBe(true);
    const { text } = await page(`/t/${ticketShortId('t2', SECRET, 0)}`);
    expect(text).toContain('Constaté au diagnostic');
  });
});

describe('outside the 24 h window', () => {
  it('the photo goes through the approved twilio/media variant of the template; unapproved, it waits', async () => {
    const { syncWhatsAppTemplates } = await import('../src/content/sync-templates.ts');
    const twilio = h.deps.twilio;
    if (!twilio) throw new Error('no Twilio client');
    await syncWhatsAppTemplates(h.db, twilio, { mediaBase: customerUrl });
    await new Promise((r) => setTimeout(r, 200));
    await syncWhatsAppTemplates(h.db, twilio, { mediaBase: customerUrl });
    await seedRegistered(
      h.db,
      { clientId: 'c3', customerId: 'u3' },
      { email: null, whatsappLastInboundAt: null },
    );
    await createTicket(h, 't3', ticket({ clientId: 'c3', customerId: 'u3' }));
    await h.queue.drain();
    const uploaded = await upload('t3', await cameraPhoto(), { label: 'diagnosis' });
    await h.json('POST', `/api/staff/tickets/t3/photos/${uploaded.body.photo.id}`, {
      body: { send: true },
    });

    // The media variant not approved: the template goes without the photo, which waits.
    const settings = await h.db.doc('settings/notifications').get();
    const templates = settings.get('whatsappTemplates') as Record<string, Json>;
    const mediaName = Object.keys(templates).find((n) =>
      n.startsWith('omega_status_diagnosing_fr_'),
    ) as string;
    expect(mediaName.endsWith('_media')).toBe(false);
    await h.db
      .doc('settings/notifications')
      .update({ [`whatsappTemplates.${mediaName}_media.approval`]: 'pending' });
    await updateTicket(h, 't3', { status: 'diagnosing' });
    await h.queue.drain();
    const plain = outbound()[0] as Json;
    expect(plain.content_sid).toBe(templates[mediaName].contentSid);
    expect(plain.media).toEqual([]);
    let listed = await h.json<{ photos: Json[] }>('GET', '/api/staff/tickets/t3/photos');
    expect(listed.body.photos[0]).toMatchObject({ sendPending: true, sentWith: null });

    // Approved: the next template carries it.
    await h.db
      .doc('settings/notifications')
      .update({ 'whatsappTemplates.omega_status_in_repair_fr_v1_media.approval': 'approved' });
    await updateTicket(h, 't3', { status: 'in_repair' });
    await h.queue.drain();
    const sent = outbound()[0] as Json;
    const media = templates.omega_status_in_repair_fr_v1_media;
    expect(sent.content_sid).toBe(media.contentSid);
    expect(sent.media).toHaveLength(1);
    expect(String(sent.media[0].url).startsWith(`${customerUrl}/m/`)).toBe(true);
    const fetched = await h.sandbox.waitFor(() => h.sandbox.message(sent.sid)?.media?.[0]?.fetched);
    expect(fetched).toMatchObject({ status: 200, contentType: 'image/jpeg' });
    listed = await h.json<{ photos: Json[] }>('GET', '/api/staff/tickets/t3/photos');
    expect(listed.body.photos[0]).toMatchObject({
      sendPending: false,
      sentWith: { channel: 'whatsapp' },
    });
  });
});

async function page(path: string) {
  const res = await fetch(`${customerUrl}${path}`);
  return { status: res.status, text: await res.text() };
}

describe('the staff photo route refuses with a reason staff can read', () => {
  it('size, type (by the bytes), HEIC, a missing key; the same key stores once, with other bytes 409', async () => {
    await seedWhatsAppCustomer();
    const big = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
      Buffer.alloc(10 * 1024 * 1024),
    ]);
    const tooLarge = await upload('t1', big);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error).toMatchObject({
      code: 'too_large',
      message: expect.stringContaining('10 Mo'),
    });
    const pdf = await upload('t1', Buffer.from('%PDF-1.7\n%…'), { type: 'image/jpeg' });
    expect(pdf.status).toBe(415);
    expect(pdf.body.error).toMatchObject({
      code: 'unsupported_type',
      message: 'Format non pris en charge : JPEG, PNG ou WebP seulement.',
    });
    const heic = await upload('t1', Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic'), {
      type: 'image/heic',
    });
    expect(heic.body.error).toMatchObject({ code: 'heic_unsupported' });
    const broken = await upload('t1', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]));
    expect(broken).toMatchObject({ status: 415, body: { error: { code: 'unreadable_image' } } });
    const noKey = await upload('t1', await cameraPhoto(), { key: null });
    expect(noKey.body.error).toMatchObject({ code: 'idempotency_key_required' });
    const badLabel = await upload('t1', await cameraPhoto(), { label: 'selfie' });
    expect(badLabel.status).toBe(400);
    const notStaff = await upload('t1', await cameraPhoto(), { token: TOKENS.customer });
    expect(notStaff.status).toBe(403);
    expect(storage.objects()).toHaveLength(0);

    const bytes = await cameraPhoto();
    const first = await upload('t1', bytes, { key: 'same-key-0001' });
    const again = await upload('t1', bytes, { key: 'same-key-0001' });
    expect(first.status).toBe(201);
    expect(again).toMatchObject({
      status: 200,
      body: { replayed: true, photo: { id: first.body.photo.id } },
    });
    const other = await upload('t1', await sharp(bytes).png().toBuffer(), {
      key: 'same-key-0001',
      type: 'image/png',
    });
    expect(other.body.error).toMatchObject({ code: 'idempotency_key_reused' });
    expect(storage.objects()).toHaveLength(1);

    // Relabel, then delete: the object goes with the document.
    const relabel = await h.json('POST', `/api/staff/tickets/t1/photos/${first.body.photo.id}`, {
      body: { label: 'before' },
    });
    expect(relabel.body).toMatchObject({ photo: { label: 'before' } });
    const deleted = await h.json(
      'POST',
      `/api/staff/tickets/t1/photos/${first.body.photo.id}/delete`,
    );
    expect(deleted.status).toBe(200);
    expect(storage.objects()).toHaveLength(0);
    expect(
      (await h.json<{ photos: unknown[] }>('GET', '/api/staff/tickets/t1/photos')).body.photos,
    ).toEqual([]);
  });
});

describe("customers' photos on WhatsApp", () => {
  const CUSTOMER = 'whatsapp:+33698765432';

  async function inbound(media: Array<{ contentType: string; data: Uint8Array }>, body = '') {
    const result = await h.sandbox.simulateInbound({
      from: CUSTOMER,
      body,
      media,
      url: `${relay.url}/twilio/inbound`,
    });
    if (!result.ok) throw new Error(result.error.message);
    await relay.settle();
    return result.value.message.sid;
  }
  const messageDoc = async (sid: string) =>
    (await h.db.doc(`conversations/+33698765432/messages/${sid}`).get()).data() as Json;

  it('fetched with the Twilio credentials, stored without metadata and shown to staff; too large or unsupported refused with a reason; a redelivery stores once', async () => {
    await seedWhatsAppCustomer();
    const photo = await cameraPhoto();
    const sid = await inbound(
      [
        { contentType: 'image/jpeg', data: photo },
        { contentType: 'application/pdf', data: Buffer.from('%PDF-1.7') },
        {
          contentType: 'image/jpeg',
          data: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(11 * 1024 * 1024)]),
        },
      ],
      'Voici la fissure',
    );
    const doc = await messageDoc(sid);
    expect(doc.media.map((m: Json) => m.status)).toEqual(['stored', 'refused', 'refused']);
    expect(doc.media[0]).toMatchObject({
      path: `inbound/${sid}/0.jpg`,
      width: 1600,
      contentType: 'image/jpeg',
    });
    expect(doc.media[1].reason).toMatchObject({
      code: 'unsupported_type',
      message: expect.stringContaining('application/pdf'),
    });
    expect(doc.media[2].reason).toMatchObject({
      code: 'too_large',
      message: expect.stringContaining('10,0 Mo au plus'),
    });

    const listed = await h.json<{ messages: Array<Json> }>(
      'GET',
      '/api/staff/conversations/+33698765432/media',
    );
    const shown = listed.body.messages.find((m) => m.messageSid === sid) as Json;
    expect(shown.media[0]).toMatchObject({ status: 'stored', contentType: 'image/jpeg' });
    const res = await fetch(shown.media[0].url);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).exif).toBeUndefined();
    expect(shown.media[1]).toMatchObject({
      status: 'refused',
      url: null,
      reason: { code: 'unsupported_type' },
    });

    // The same webhook again: nothing stored twice, nothing changed.
    const event = relay.answers.find((a) => a.event.id === `inbound:${sid}`)?.event;
    expect(event).toBeDefined();
    const { ingestEvent } = await import('../src/ingest/handle-request.ts');
    await ingestEvent(h.deps, event as NonNullable<typeof event>);
    expect(storage.objects().filter((o) => o.name.startsWith(`inbound/${sid}/`))).toHaveLength(1);
    expect((await messageDoc(sid)).media.map((m: Json) => m.status)).toEqual([
      'stored',
      'refused',
      'refused',
    ]);

    // Erasing the customer deletes their photos with their messages.
    const erased = await h.json('POST', '/api/staff/customers/profile/u1/erase', {
      token: TOKENS.admin,
      body: { confirm: 'EFFACER' },
    });
    expect(erased.body).toMatchObject({ mediaDeleted: 1 });
    expect(storage.objects().filter((o) => o.name.startsWith('inbound/'))).toHaveLength(0);
  });

  it('a fetch Twilio does not answer is retried by the redelivery, then marked failed with the reason', async () => {
    await seedWhatsAppCustomer();
    // Twilio's media URL does not answer (the connection is reset), twice, then a third time.
    const media = h.deps.media as NonNullable<typeof h.deps.media>;
    media.fetch = async () => {
      throw new TypeError('fetch failed: ECONNRESET');
    };
    const sid = await inbound([
      {
        contentType: 'image/png',
        data: await sharp(await cameraPhoto())
          .png()
          .toBuffer(),
      },
    ]);
    expect((await messageDoc(sid)).media[0]).toMatchObject({ status: 'pending', attempts: 1 });
    const event = {
      id: `inbound:${sid}`,
      type: 'inbound' as const,
      receivedAt: new Date().toISOString(),
      params: {} as Record<string, string>,
    };
    const stored = h.sandbox.message(sid);
    expect(stored).toBeDefined();
    const { ingestEvent } = await import('../src/ingest/handle-request.ts');
    const delivered = relay.answers.find((a) => a.event.id === `inbound:${sid}`)?.event ?? null;
    // The relay got an error answer (the worker would redeliver): redeliver the same params.
    const params = delivered?.params ?? event.params;
    await expect(ingestEvent(h.deps, { ...event, params })).rejects.toThrow(/inbound media/);
    expect((await messageDoc(sid)).media[0]).toMatchObject({ status: 'pending', attempts: 2 });
    await ingestEvent(h.deps, { ...event, params });
    const last = (await messageDoc(sid)).media[0];
    expect(last).toMatchObject({
      status: 'failed',
      attempts: 3,
      reason: { code: 'fetch_failed', message: expect.stringContaining('ECONNRESET') },
    });
    delete media.fetch;
    // After the faults, a new photo is stored normally.
    const next = await inbound([{ contentType: 'image/jpeg', data: await cameraPhoto() }]);
    expect((await messageDoc(next)).media[0].status).toBe('stored');
  });
});

describe('photo links that open nothing', () => {
  it('count against the per-IP limit of refused links: token guessing gets 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await fetch(
        `${customerUrl}/m/${Buffer.from(`guess-${i}`).toString('base64url')}.zz.${'A'.repeat(32)}`,
      );
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 5).every((s) => s === 403)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

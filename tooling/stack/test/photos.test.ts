import { Timestamp } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memorySink } from '../src/log.ts';
import { type Stack, startStack } from '../src/stack.ts';
import { until } from '../src/until.ts';

// The local stack's photo wiring: the Cloud Storage stand-in piece, the functions' storage
// through STORAGE_EMULATOR_HOST, media links on the functions server's /m alias (as Hosting
// rewrites /m/** in production), the Twilio sandbox fetching a WhatsApp MediaUrl from there.
const logs = memorySink(2000);
let stack: Stack;
const CUSTOMER = '+33698765432';

beforeAll(async () => {
  stack = await startStack({
    env: { ...process.env, GCLOUD_PROJECT: 'demo-omega-photos', STACK_SKIP: '' },
    ports: { firestore: 0, functions: 0, sandbox: 0, smtp: 0, mailWeb: 0, worker: 0 },
    timings: 'instant',
    skip: ['auth', 'worker', 'scheduler', 'dashboard'],
    sink: logs,
  });
  await stack.db.doc('settings/notifications').set(
    {
      twilio: { smsFrom: 'OMEGA', whatsappFrom: 'whatsapp:+14155238886' },
      sendWindow: { startHour: 0, endHour: 24, closedWeekdays: [], closedOnPublicHolidays: false },
    },
    { merge: true },
  );
});
afterAll(async () => {
  await stack?.stop();
});

describe('photos on the local stack', () => {
  it('a chosen photo goes out as MediaUrl on the functions server, the sandbox fetches it, the landing page shows it', async () => {
    expect(stack.urls.storage).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stack.pieces.map((p) => p.name)).toContain('storage');
    const media = stack.functions.deps.media;
    if (!media) throw new Error('the local runtime has no photo dependencies');
    // A photo as the staff route stores it (the route itself: apps/functions/test/photos.test.ts).
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('local stack photo')]);
    await media.store.put('tickets/tp1/photos/0123456789abcdef0123.jpg', bytes, {
      contentType: 'image/jpeg',
    });
    await stack.db.doc('tickets/tp1/photos/0123456789abcdef0123').set({
      ticketId: 'tp1',
      label: 'diagnosis',
      path: 'tickets/tp1/photos/0123456789abcdef0123.jpg',
      contentType: 'image/jpeg',
      size: bytes.length,
      createdAt: Timestamp.now(),
      createdBy: 'staff-e2e',
      sendPending: true,
      sendRequestedAt: Timestamp.now(),
      sentWith: null,
    });
    await stack.db.doc('clients/cp1').set({ name: 'Zoé Durand', phone: null, customerId: 'up1' });
    await stack.db.doc('customer_profiles/up1').set({
      firstName: 'Zoé',
      lastName: 'Durand',
      email: null,
      phoneNumber: CUSTOMER,
      notificationPreferences: {
        emailEnabled: false,
        smsEnabled: false,
        whatsappEnabled: true,
        pushEnabled: false,
      },
      whatsappLastInboundAt: Timestamp.now(),
      clientId: 'cp1',
    });
    // The customer wrote on WhatsApp (the sandbox's window is open; no webhook).
    await stack.sandbox?.simulateInbound({
      from: `whatsapp:${CUSTOMER}`,
      body: 'Bonjour',
      url: '',
    });
    await stack.db.doc('tickets/tp1').set({
      clientId: 'cp1',
      customerId: 'up1',
      device: 'Pixel 8',
      status: 'received',
      trackingCode: 'OM-PHOTO-1',
      appointmentAt: null,
      createdAt: Timestamp.now(),
      updatedAt: Timestamp.now(),
    });
    const sandbox = stack.sandbox;
    if (!sandbox) throw new Error('no sandbox');
    const fetched = await until(
      'the WhatsApp message with its media, fetched by the sandbox',
      async () => {
        const sent = sandbox.messages().find((m) => m.direction === 'outbound-api');
        return sent ? sandbox.message(String(sent.sid))?.media?.[0]?.fetched : null;
      },
    );
    expect(fetched).toEqual({ status: 200, contentType: 'image/jpeg', size: bytes.length });
    const message = sandbox.messages()[0] as { media: Array<{ url: string }>; body: string };
    expect(message.media[0]?.url.startsWith(`${stack.urls.functions}/m/`)).toBe(true);
    const linkId = /\/t\/([A-Za-z0-9]+)/.exec(message.body)?.[1];
    expect(linkId).toBeDefined();
    const page = await (await fetch(`${stack.urls.customer}/t/${linkId}`)).text();
    expect(page).toContain('Photos de votre appareil');
    expect(page).toMatch(/<img src="\/m\/[\w.-]+"/);
  });
});

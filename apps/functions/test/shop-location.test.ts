import { describe, expect, it } from 'vitest';
import { syncWhatsAppTemplates } from '../src/content/sync-templates.ts';
import { seedRegistered, ticket } from './support/fixtures.ts';
import type { HistoryDoc } from './support/history.ts';
import type { PipelineHarness } from './support/pipeline-harness.ts';
import { type EdgeRelay, untilSettled, useRelayHarness } from './support/relay-harness.ts';
import { createTicket, updateTicket } from './support/triggers.ts';

// Issue 16 item 4: the ADRESSE answer and the completed message carry the shop's location on
// WhatsApp — a twilio/location pin inside the 24 h window (its own notification, through the
// send gate), the approved template's Google Maps button outside it.
let h: PipelineHarness;
let relay: EdgeRelay;
useRelayHarness({
  started: (started, startedRelay) => {
    h = started;
    relay = startedRelay;
  },
  settings: {
    shop: {
      hours: 'mar-sam 10h-18h30',
      address: '7 place Bellecour, 69002 Lyon',
      phone: '04 72 00 00 00',
      latitude: 45.7578,
      longitude: 4.832,
      locationLabel: 'O’MEGA Lyon',
      mapsUrl: 'https://maps.app.goo.gl/Lyon2Bellecour',
    },
  },
});

const WA = '+33698765432';
const MAPS_BUTTON = 'https://www.google.com/maps/search/?api=1&amp;query=45.7578,4.832';
const inboundAnswers = () => relay.answers.filter((a) => a.event.type === 'inbound');

async function synced() {
  // Twice: the first run creates the templates and asks for approval, the second reads it.
  await syncWhatsAppTemplates(h.db, h.deps.twilio as never, { now: h.clock.now() });
  await syncWhatsAppTemplates(h.db, h.deps.twilio as never, { now: h.clock.now() });
}

/** A WhatsApp message from the customer, ingested; its answers are planned, not yet sent. */
async function write(body: string): Promise<string> {
  const before = inboundAnswers().length;
  const result = await h.sandbox.simulateInbound({
    from: `whatsapp:${WA}`,
    body,
    url: `${relay.url}/twilio/inbound`,
  });
  if (!result.ok) throw new Error(result.error.message);
  await untilSettled(relay, () => inboundAnswers().length > before);
  return result.value.message.sid;
}

async function doc(id: string): Promise<HistoryDoc | undefined> {
  const snap = await h.db.doc(`notification_history/${id}`).get();
  return snap.exists ? ({ id, ...snap.data() } as HistoryDoc) : undefined;
}

const inbox = async () => (await fetch(`${h.sandbox.url}/`)).text();

describe('the ADRESSE answer on WhatsApp', () => {
  it('inside the window: the address with the maps link, then the shop’s location pin as its own message', async () => {
    await seedRegistered(h.db, { clientId: 'c1', customerId: 'u1' }, { email: null });
    await synced();
    const sid = await write('ADRESSE');
    await h.queue.drain();

    const answer = await doc(`reply_${sid}`);
    expect(answer).toMatchObject({ kind: 'reply_address', channel: 'whatsapp' });
    expect(answer?.metadata.whatsappMode).toBe('free_text');
    const text = h.sandbox.message(String(answer?.metadata.twilioMessageId));
    expect(text?.body).toContain('7 place Bellecour, 69002 Lyon');
    expect(text?.body).toContain('https://maps.app.goo.gl/Lyon2Bellecour');

    // The pin: its own history document, through the gate, sent with the twilio/location content.
    const pin = await doc(`reply_${sid}-location`);
    expect(pin).toMatchObject({
      kind: 'reply_address',
      channel: 'whatsapp',
      origin: 'auto_reply',
      basis: 'request',
      locationOf: `reply_${sid}`,
      to: WA,
      status: expect.stringMatching(/queued|accepted|sent|delivered|read/),
    });
    expect(pin?.metadata.contentSid).toMatch(/^HX/);
    const content = await (
      h.deps.twilio as never as () => Promise<{
        content: { v1: { contents(sid: string): { fetch(): Promise<{ types: unknown }> } } };
      }>
    )();
    expect(
      (await content.content.v1.contents(String(pin?.metadata.contentSid)).fetch()).types,
    ).toEqual({
      'twilio/location': {
        latitude: 45.7578,
        longitude: 4.832,
        label: 'O’MEGA Lyon',
        address: '7 place Bellecour, 69002 Lyon',
      },
    });
    const sentPin = h.sandbox.message(String(pin?.metadata.twilioMessageId));
    expect(sentPin?.to).toBe(`whatsapp:${WA}`);
    // Staff see it in the conversation as what it showed.
    const thread = await h.db
      .doc(`conversations/${WA}/messages/${pin?.metadata.twilioMessageId}`)
      .get();
    expect(thread.get('body')).toBe('📍 Emplacement de la boutique (carte WhatsApp)');
    const html = await inbox();
    expect(html).toContain('📍 <strong>O’MEGA Lyon</strong> — 7 place Bellecour, 69002 Lyon');
    expect(html).toContain('<code>45.7578,4.832</code>');
    // Two messages to the customer: the text and the pin, nothing more.
    expect(
      h.sandbox
        .messages()
        .filter((m) => m.direction === 'outbound-api' && m.to === `whatsapp:${WA}`),
    ).toHaveLength(2);
  });

  it('outside the window: the approved template with the Google Maps button, and no pin', async () => {
    await seedRegistered(h.db, { clientId: 'c1', customerId: 'u1' }, { email: null });
    await synced();
    // The answer leaves 25 hours after the question: the window it opened has closed.
    h.queue.pause();
    const sid = await write('ADRESSE');
    h.clock.advance(25 * 3_600_000);
    h.queue.resume();
    await h.queue.drain();

    const answer = await doc(`reply_${sid}`);
    expect(answer?.metadata.whatsappMode).toBe('template');
    const settings = await h.deps.settings.get();
    expect(answer?.metadata.contentSid).toBe(
      settings.whatsappTemplates.omega_reply_address_fr_v1?.contentSid,
    );
    const sent = h.sandbox.message(String(answer?.metadata.twilioMessageId));
    expect(JSON.parse(String(sent?.contentVariables))).toEqual({
      '1': '7 place Bellecour, 69002 Lyon',
      '2': 'mar-sam 10h-18h30',
      '3': '45.7578,4.832',
    });
    const html = await inbox();
    expect(html).toContain(`href="${MAPS_BUTTON}"`);
    expect(html).toContain('Voir l&#39;itinéraire');
    expect(await doc(`reply_${sid}-location`)).toBeUndefined();
  });
});

describe('the completed message on WhatsApp', () => {
  it('inside the window: the free text, then the pin; outside: the card with the quick replies and the maps button', async () => {
    await seedRegistered(h.db, { clientId: 'c1', customerId: 'u1' }, { email: null });
    await seedRegistered(
      h.db,
      { clientId: 'c2', customerId: 'u2' },
      { email: null, phoneNumber: '+33 6 11 22 33 44' },
    );
    await synced();
    const tickets = [
      ['t1', 'c1', 'u1'],
      ['t2', 'c2', 'u2'],
    ] as const;
    for (const [id, clientId, customerId] of tickets) {
      await createTicket(h, id, ticket({ clientId, customerId, status: 'in_repair' }));
    }
    await h.queue.drain();
    // Customer 1 wrote to the shop an hour before (the window is open); customer 2 never did.
    await write('Bonjour, des nouvelles ?');
    await h.queue.drain();
    h.clock.advance(3_600_000);
    for (const [id] of tickets) await updateTicket(h, id, { status: 'completed' });
    await h.queue.drain();

    const completed = async (ticketId: string) =>
      (
        await h.db
          .collection('notification_history')
          .where('ticketId', '==', ticketId)
          .where('kind', '==', 'status_completed')
          .get()
      ).docs.map((d) => ({ id: d.id, ...d.data() }) as HistoryDoc);

    const inside = await completed('t1');
    const [text, pin] = [
      inside.find((d) => !(d as { locationOf?: string }).locationOf),
      inside.find((d) => (d as { locationOf?: string }).locationOf),
    ];
    expect(text?.metadata.whatsappMode).toBe('free_text');
    expect(pin).toMatchObject({
      id: `${text?.id}-location`,
      origin: 'ticket',
      channel: 'whatsapp',
    });
    expect(pin?.status).toMatch(/queued|accepted|sent|delivered|read/);
    expect(h.sandbox.message(String(pin?.metadata.twilioMessageId))?.contentSid).toBe(
      pin?.metadata.contentSid,
    );

    const outside = await completed('t2');
    expect(outside).toHaveLength(1);
    expect(outside[0]?.metadata.whatsappMode).toBe('template');
    const card = h.sandbox.message(String(outside[0]?.metadata.twilioMessageId));
    expect(JSON.parse(String(card?.contentVariables))).toMatchObject({
      '3': 't2',
      '4': '45.7578,4.832',
    });
    const html = await inbox();
    expect(html).toContain(`href="${MAPS_BUTTON}"`);
    expect(html).toContain('(ticket:t2:coming_today)');
    expect(html).toContain('(ticket:t2:call_me)');

    // A tester taps "Appelez-moi" on the card in the sandbox's inbox: Twilio's button webhook
    // reaches ingestion through the edge relay and the action is applied to the ticket.
    const before = inboundAnswers().length;
    const tap = await fetch(`${h.sandbox.url}/_sandbox/tap`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        messageSid: card?.sid,
        id: 'ticket:t2:call_me',
        url: `${relay.url}/twilio/inbound`,
      }),
    });
    expect(tap.status).toBe(201);
    const tapped = ((await tap.json()) as { message: { sid: string } }).message.sid;
    await untilSettled(relay, () => inboundAnswers().length > before);
    await h.queue.drain();
    const stored = await h.db.doc(`conversations/+33611223344/messages/${tapped}`).get();
    expect(stored.get('buttonPayload')).toBe('ticket:t2:call_me');
    expect(stored.get('body')).toBe('Appelez-moi');
    expect((await h.db.doc('tickets/t2').get()).get('callbackRequestedAt')).toBeDefined();
  });
});

describe('a run that dies right after recording the ADRESSE answer', () => {
  it('the redelivered task plans the pin: one text, one pin', async () => {
    await seedRegistered(h.db, { clientId: 'c1', customerId: 'u1' }, { email: null });
    await synced();
    let died = false;
    h.deps.faults = {
      hit(at, notificationId) {
        if (at !== 'after_record' || died || !notificationId.startsWith('reply_')) return;
        died = true;
        throw new Error('fault injected at after_record');
      },
    };
    try {
      const sid = await write('ADRESSE');
      await h.queue.drain();
      expect(died).toBe(true);
      const pin = await doc(`reply_${sid}-location`);
      expect(pin?.status).toMatch(/queued|accepted|sent|delivered|read/);
      const toCustomer = h.sandbox
        .messages()
        .filter((m) => m.direction === 'outbound-api' && m.to === `whatsapp:${WA}`);
      // The text once, the pin (a location content: no body) once.
      expect(toCustomer.map((m) => (m.body === '' ? 'pin' : 'text')).sort()).toEqual([
        'pin',
        'text',
      ]);
      expect(h.sandbox.message(String(pin?.metadata.twilioMessageId))?.body).toBe('');
    } finally {
      h.deps.faults = undefined;
    }
  });
});

import { DEFAULT_SETTINGS } from '@omega/core';
import type { ForwardedEvent } from '@omega/forwarding';
import fc from 'fast-check';
import type { Firestore } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { recordConsent } from '../src/consent/record-consent.ts';
import { ingestEvent } from '../src/ingest/handle-request.ts';
import { updateCoverage } from '../src/stats/coverage.ts';
import { runStatsRebuild } from '../src/stats/rebuild.ts';
import { recordSatisfactionAnswer } from '../src/store/satisfaction.ts';
import { type ApiHarness, startApiHarness, TOKENS } from './api/support/api-harness.ts';
import { seedSettings, ticket } from './support/fixtures.ts';
import { createTicket, updateTicket } from './support/triggers.ts';
import { useHarness } from './support/use-harness.ts';

let h: ApiHarness;
useHarness({
  start: () => startApiHarness(),
  started: (started) => {
    h = started;
  },
});

// The live side: the real writers (ticket triggers, the send task against the Twilio sandbox,
// ingestion of status callbacks and inbound messages, the automatic answers and staff replies
// stored in the conversations, the consent writer, the coverage trigger's handler) on the
// embedded Firestore. The rebuild then recomputes everything from the documents.
const PHONES = ['06 12 34 56 78', '06 98 76 54 32', '07 11 22 33 44'];
const e164 = (phone: string) => `+33${phone.replace(/\s/g, '').slice(1)}`;

type Step =
  | { kind: 'ticket'; client: number; status: 'received' | 'in_repair' | 'completed' }
  | { kind: 'callback'; pick: number; status: 'delivered' | 'read' | 'undelivered' | 'failed' }
  | { kind: 'inbound'; client: number; body: string; whatsapp: boolean }
  | { kind: 'reply'; client: number }
  | { kind: 'consent'; client: number; channel: 'sms' | 'whatsapp' | 'email'; granted: boolean }
  | { kind: 'phone'; client: number; phone: number | null }
  | { kind: 'wait'; hours: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('ticket' as const),
    client: fc.nat(2),
    status: fc.constantFrom('received' as const, 'in_repair' as const, 'completed' as const),
  }),
  fc.record({
    kind: fc.constant('callback' as const),
    pick: fc.nat(20),
    status: fc.constantFrom(
      'delivered' as const,
      'read' as const,
      'undelivered' as const,
      'failed' as const,
    ),
  }),
  fc.record({
    kind: fc.constant('inbound' as const),
    client: fc.nat(2),
    body: fc.constantFrom('HORAIRES', 'Merci !', 'Mon téléphone est prêt ?'),
    whatsapp: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('reply' as const), client: fc.nat(2) }),
  fc.record({
    kind: fc.constant('consent' as const),
    client: fc.nat(2),
    channel: fc.constantFrom('sms' as const, 'whatsapp' as const, 'email' as const),
    granted: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('phone' as const),
    client: fc.nat(2),
    phone: fc.option(fc.nat(2), { nil: null }),
  }),
  fc.record({ kind: fc.constant('wait' as const), hours: fc.integer({ min: 1, max: 40 }) }),
);

async function writeClient(db: Firestore, id: string, data: Record<string, unknown>) {
  const ref = db.doc(`clients/${id}`);
  const before = (await ref.get()).data() ?? null;
  await ref.set(data, { merge: true });
  const after = (await ref.get()).data() ?? null;
  await updateCoverage(db, { kind: 'client', id, before, after }, DEFAULT_SETTINGS, h.clock.now());
}

async function play(steps: readonly Step[]) {
  const tickets = new Map<number, string>();
  let seq = 0;
  for (let c = 0; c < 3; c += 1)
    await writeClient(h.db, `c${c}`, {
      name: `Client ${c}`,
      phone: PHONES[c],
      email: c === 2 ? 'client2@example.fr' : null,
    });
  for (const s of steps) {
    if (s.kind === 'wait') {
      h.clock.advance(s.hours * 3_600_000);
      // Tasks that fell due while the clock jumped (a lease check, a retry) run now.
      h.queue.runDue();
      await h.queue.drain();
    } else if (s.kind === 'ticket') {
      const id = tickets.get(s.client);
      if (!id) {
        seq += 1;
        const tid = `t${seq}`;
        tickets.set(s.client, tid);
        await createTicket(h, tid, ticket({ clientId: `c${s.client}`, status: s.status }));
      } else await updateTicket(h, id, { status: s.status });
      await h.queue.drain();
    } else if (s.kind === 'callback') {
      const sent = await h.db.collection('notification_history').where('sentAt', '!=', null).get();
      const doc = sent.docs.sort((a, b) => a.id.localeCompare(b.id))[
        s.pick % Math.max(1, sent.size)
      ];
      const sid = doc?.get('metadata.twilioMessageId') as string | undefined;
      if (!doc || !sid) continue;
      const failed = s.status === 'failed' || s.status === 'undelivered';
      const event: ForwardedEvent = {
        id: `status:${sid}:${s.status}`,
        type: 'status',
        receivedAt: h.clock.now().toISOString(),
        notificationId: doc.id,
        params: {
          MessageSid: sid,
          MessageStatus: s.status,
          To: doc.get('channel') === 'whatsapp' ? `whatsapp:${doc.get('to')}` : doc.get('to'),
          ...(failed ? { ErrorCode: '30003', ErrorMessage: 'Unreachable' } : {}),
        },
      };
      await ingestEvent(h.deps, event);
    } else if (s.kind === 'inbound') {
      seq += 1;
      const from = e164(PHONES[s.client] as string);
      await ingestEvent(h.deps, {
        id: `inbound:SMin${seq}`,
        type: 'inbound',
        receivedAt: h.clock.now().toISOString(),
        params: {
          MessageSid: `SMin${String(seq).padStart(30, '0')}`,
          From: s.whatsapp ? `whatsapp:${from}` : from,
          To: s.whatsapp ? 'whatsapp:+14155238886' : 'OMEGA',
          Body: s.body,
        },
      });
      await h.queue.drain();
    } else if (s.kind === 'reply') {
      // A staff reply from the inbox (404 without a conversation, 409 outside WhatsApp's window:
      // nothing stored then, nothing counted).
      await h.call('POST', `/api/staff/conversations/${e164(PHONES[s.client] as string)}/reply`, {
        token: TOKENS.staff,
        body: { mode: 'free_text', body: 'Bonjour, votre appareil sera prêt demain.' },
      });
      await h.queue.drain();
    } else if (s.kind === 'consent') {
      const id = `c${s.client}`;
      const before = (await h.db.doc(`clients/${id}`).get()).data() ?? null;
      await recordConsent(
        h.db,
        { clientId: id, customerId: null, phone: (before?.phone as string | null) ?? null },
        [{ channel: s.channel, granted: s.granted }],
        {
          at: h.clock.now(),
          source: 'counter',
          actor: 'staff-1',
          wordingVersion: 'optin-fr-2026-01',
          defaultCountry: 'FR',
        },
      );
      const after = (await h.db.doc(`clients/${id}`).get()).data() ?? null;
      await updateCoverage(
        h.db,
        { kind: 'client', id, before, after },
        DEFAULT_SETTINGS,
        h.clock.now(),
      );
    } else if (s.kind === 'phone') {
      await writeClient(h.db, `c${s.client}`, {
        phone: s.phone === null ? null : PHONES[s.phone],
      });
    }
    // Events are never in the same millisecond.
    h.clock.advance(1_000);
  }
}

async function dump(db: Firestore) {
  const out: Record<string, Record<string, unknown>> = {};
  for (const col of ['stats_daily', 'stats_monthly', 'stats_coverage']) {
    for (const doc of (await db.collection(col).get()).docs) {
      const data: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(doc.data())) {
        // Twilio's actual price is reconciled later at a time no document keeps (recompute.ts).
        if (k.endsWith('_cost_actual_eur') || v === 0) continue;
        data[k] = typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v;
      }
      out[`${col}/${doc.id}`] = data;
    }
  }
  return out;
}

describe('stats:rebuild', () => {
  it('after any sequence of events, rebuilding gives the counters the writers kept live', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        await h.reset();
        // Open around the clock: the waits cross nights and Sundays, and a deferred task would
        // wait for its opening in real time in the in-process queue.
        await seedSettings(h.db, {
          sendWindow: {
            startHour: 0,
            startMinute: 0,
            endHour: 24,
            endMinute: 0,
            closedWeekdays: [],
            closedOnPublicHolidays: false,
          },
        });
        h.clock.set('2026-03-02T09:00:00.000Z');
        await play(steps);
        const live = await dump(h.db);
        // Small pages and few pages per call: the rebuild resumes across calls.
        let progress = await runStatsRebuild(h.db, {
          settings: DEFAULT_SETTINGS,
          now: h.clock.now(),
          pageSize: 3,
          maxPages: 4,
        });
        while (!progress.done)
          progress = await runStatsRebuild(h.db, {
            settings: DEFAULT_SETTINGS,
            now: h.clock.now(),
            pageSize: 3,
            maxPages: 4,
          });
        expect(await dump(h.db)).toEqual(live);
      }),
      { numRuns: 30, seed: 20260302, endOnFailure: true },
    );
    // Thirty sequences against the real parts: a budget for a loaded 2-core machine, not a bound.
  }, 300_000);

  it('counts engagement live and rebuilds it: conversations opened, messages and answers in them', async () => {
    await h.reset();
    await seedSettings(h.db, {
      sendWindow: {
        startHour: 0,
        startMinute: 0,
        endHour: 24,
        endMinute: 0,
        closedWeekdays: [],
        closedOnPublicHolidays: false,
      },
    });
    h.clock.set('2026-03-02T09:00:00.000Z');
    await play([
      { kind: 'ticket', client: 0, status: 'received' },
      { kind: 'inbound', client: 0, body: 'HORAIRES', whatsapp: false }, // opens; answered
      { kind: 'inbound', client: 0, body: 'Merci !', whatsapp: false }, // same conversation
      { kind: 'reply', client: 0 }, // a staff reply in the thread
      { kind: 'wait', hours: 25 },
      { kind: 'inbound', client: 0, body: 'Mon téléphone est prêt ?', whatsapp: false }, // opens
      { kind: 'inbound', client: 1, body: 'Merci !', whatsapp: false }, // another number: opens
    ]);
    const live = await dump(h.db);
    const pick = (doc: Record<string, unknown> | undefined) => ({
      conversations_started: doc?.conversations_started,
      sms_inbound: doc?.sms_inbound,
      conversation_replies_staff: doc?.conversation_replies_staff,
      conversation_replies_auto: doc?.conversation_replies_auto,
    });
    expect(pick(live['stats_daily/2026-03-02'])).toEqual({
      conversations_started: 1,
      sms_inbound: 2,
      conversation_replies_staff: 1,
      conversation_replies_auto: 2, // HORAIRES answered, "Merci !" acknowledged once
    });
    expect(pick(live['stats_monthly/2026-03'])).toMatchObject({
      conversations_started: 3,
      sms_inbound: 4,
      conversation_replies_staff: 1,
    });
    let progress = await runStatsRebuild(h.db, { settings: DEFAULT_SETTINGS, now: h.clock.now() });
    while (!progress.done)
      progress = await runStatsRebuild(h.db, { settings: DEFAULT_SETTINGS, now: h.clock.now() });
    expect(await dump(h.db)).toEqual(live);
  });

  it('rebuilds the satisfaction answers the surveys collected, on the day of each answer', async () => {
    await h.reset();
    const answers = [
      { ticketId: 't1', score: 5, at: '2026-03-02T10:00:00Z' },
      { ticketId: 't2', score: 2, at: '2026-03-02T11:00:00Z' },
      { ticketId: 't3', score: 4, at: '2026-03-03T09:30:00Z' },
    ] as const;
    for (const a of answers) {
      await recordSatisfactionAnswer(h.db, {
        ticketId: a.ticketId,
        score: a.score,
        source: { via: 'web', nonce: `n-${a.ticketId}`, linkId: `l-${a.ticketId}` },
        customerId: null,
        clientId: `c-${a.ticketId}`,
        e164: null,
        at: new Date(a.at),
      });
    }
    const live = await dump(h.db);
    expect(live['stats_daily/2026-03-02']).toMatchObject({
      satisfaction_responses: 2,
      satisfaction_score_5: 1,
      satisfaction_score_2: 1,
    });
    let progress = await runStatsRebuild(h.db, { settings: DEFAULT_SETTINGS, now: h.clock.now() });
    while (!progress.done)
      progress = await runStatsRebuild(h.db, { settings: DEFAULT_SETTINGS, now: h.clock.now() });
    const rebuilt = await dump(h.db);
    // No customer here: the rebuild writes an empty coverage document the live writers never had.
    expect(rebuilt['stats_coverage/current']).toEqual({});
    delete rebuilt['stats_coverage/current'];
    expect(rebuilt).toEqual(live);
  });

  it('rebuilds counters that were never kept (a shop deploying on existing data)', async () => {
    await h.db.doc('clients/w1').set({ name: 'Jean', phone: '06 12 34 56 78' });
    await h.db.doc('notification_history/n1').set({
      channel: 'sms',
      type: 'sms',
      status: 'delivered',
      createdAt: new Date('2026-02-10T10:00:00Z'),
      sentAt: new Date('2026-02-10T10:00:01Z'),
      deliveredAt: new Date('2026-02-10T10:00:04Z'),
      updatedAt: new Date('2026-02-10T10:00:04Z'),
      metadata: { cost: 0.0725, segments: 1 },
    });
    const progress = await runStatsRebuild(h.db, {
      settings: DEFAULT_SETTINGS,
      now: new Date('2026-03-02T09:00:00Z'),
    });
    expect(progress).toMatchObject({ done: true, phase: 'done', documents: 2 });
    expect((await h.db.doc('stats_daily/2026-02-10').get()).data()).toEqual({
      day: '2026-02-10',
      month: '2026-02',
      sms_sent: 1,
      sms_sent_lt5s: 1,
      sms_segments: 1,
      sms_cost_eur: 0.0725,
      cost_eur_total: 0.0725,
      sms_delivered: 1,
      sms_delivered_lt5s: 1,
    });
    expect((await h.db.doc('stats_monthly/2026-02').get()).get('sms_delivered')).toBe(1);
    expect((await h.db.doc('stats_coverage/current').get()).data()).toEqual({
      customers_total: 1,
      reachable_any: 1,
      reachable_sms: 1,
    });
    expect((await h.db.doc('stats_rebuild/current').get()).get('phase')).toBe('done');
    expect((await h.db.collection('stats_rebuild/current/daily').get()).size).toBe(0);
  });
});

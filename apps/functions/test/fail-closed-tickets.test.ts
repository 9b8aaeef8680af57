import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { historyItem } from '../src/api/services/history.ts';
import { notifyTicket } from '../src/pipeline/plan/notify-ticket.ts';
import { runPickupReminders } from '../src/schedules/pickup-reminders.ts';
import { seedWalkIn, ticket } from './support/fixtures.ts';
import { historyOf } from './support/history.ts';
import { type PipelineHarness, startPipelineHarness } from './support/pipeline-harness.ts';
import { createTicket, updateTicket } from './support/triggers.ts';
import { useHarness } from './support/use-harness.ts';

// Fail closed on a ticket that does not parse: no notification is dropped silently — every
// channel is recorded skipped `invalid_data` with the document and the field, staff are
// alerted, and a ticket that breaks after planning stops its sends with the same reason.

let h: PipelineHarness;
useHarness({
  start: () => startPipelineHarness(),
  started: (started) => {
    h = started;
  },
});

const outbound = () => h.sandbox.messages().filter((m) => m.direction === 'outbound-api');

describe('a ticket that breaks between planning and sending', () => {
  it('is skipped invalid_data, not superseded', async () => {
    await seedWalkIn(h.db, 'c1');
    h.queue.pause();
    await createTicket(h, 't1', ticket({ clientId: 'c1' }));
    const planned = (await historyOf(h.db, 't1')).filter((d) => d.status === 'planned');
    expect(planned.map((d) => d.channel)).toEqual(['sms']);
    await h.db.doc('tickets/t1').update({ device: null });
    h.queue.resume();
    await h.queue.drain();
    expect(outbound()).toHaveLength(0);
    const sms = (await h.db.doc(`notification_history/${planned[0]?.id}`).get()).data();
    expect(sms).toMatchObject({ status: 'skipped', skipReason: 'invalid_data' });
    const day = (await h.db.doc('stats_daily/2026-03-02').get()).data();
    expect(day).toMatchObject({ sms_skipped: 1, sms_skip_invalid_data: 1 });
  });
});

describe('a ticket that does not parse when it is planned', () => {
  it('created with device: null: every channel skipped invalid_data naming the field, an alert, nothing sent, nothing counted twice', async () => {
    await seedWalkIn(h.db, 'c2');
    const { redeliver } = await createTicket(h, 't2', ticket({ clientId: 'c2', device: null }));
    await h.queue.drain();
    expect(outbound()).toHaveLength(0);
    const docs = await historyOf(h.db, 't2');
    expect(docs.map((d) => d.channel).sort()).toEqual(['email', 'push', 'sms', 'whatsapp']);
    for (const doc of docs) {
      expect(doc).toMatchObject({
        status: 'skipped',
        skipReason: 'invalid_data',
        kind: 'walk_in_welcome',
        to: null,
      });
      expect(doc.reasonText).toContain('tickets/t2');
      expect(doc.reasonText).toContain('device');
    }
    const alert = (await h.db.doc('alerts/invalid_data_tickets_t2').get()).data();
    expect(alert).toMatchObject({ kind: 'invalid_data', document: 'tickets/t2', ticketId: 't2' });
    expect(alert?.problem).toContain('device');

    await redeliver();
    expect(await historyOf(h.db, 't2')).toHaveLength(4);
    const day = (await h.db.doc('stats_daily/2026-03-02').get()).data();
    expect(day).toMatchObject({ sms_skipped: 1, sms_skip_invalid_data: 1, email_skipped: 1 });
  });

  it('a status change on a ticket whose amountDueEur is "45" is recorded for that status', async () => {
    await seedWalkIn(h.db, 'c3');
    await createTicket(h, 't3', ticket({ clientId: 'c3' }));
    await h.queue.drain();
    expect(outbound()).toHaveLength(1);
    await h.db.doc('tickets/t3').update({ amountDueEur: '45' });
    await updateTicket(h, 't3', { status: 'completed' });
    await h.queue.drain();
    expect(outbound()).toHaveLength(1);
    const completed = (await historyOf(h.db, 't3')).filter((d) => d.kind === 'status_completed');
    expect(completed).toHaveLength(4);
    for (const doc of completed) {
      expect(doc).toMatchObject({ status: 'skipped', skipReason: 'invalid_data' });
      expect(doc.reasonText).toContain('amountDueEur');
    }
  });

  it('a status changed to something that is not a ticket status: no message to record, staff alerted', async () => {
    await seedWalkIn(h.db, 'c7');
    await createTicket(h, 't7', ticket({ clientId: 'c7' }));
    await h.queue.drain();
    await updateTicket(h, 't7', { status: 'en_cours' });
    await h.queue.drain();
    expect(await historyOf(h.db, 't7')).toHaveLength(1);
    const alert = (await h.db.doc('alerts/invalid_data_tickets_t7').get()).data();
    expect(alert?.problem).toContain('status');
    // Correcting it is the status change that notifies.
    await updateTicket(h, 't7', { status: 'completed' });
    await h.queue.drain();
    const kinds = (await historyOf(h.db, 't7')).map((d) => [d.kind, d.status]);
    expect(kinds).toContainEqual(['status_completed', 'queued']);
  });

  it('the dashboard shows the plain-language reason', async () => {
    await seedWalkIn(h.db, 'c4');
    await createTicket(h, 't4', ticket({ clientId: 'c4', device: null }));
    const [first] = await historyOf(h.db, 't4');
    const item = historyItem(await h.db.doc(`notification_history/${first?.id}`).get());
    expect(item).toMatchObject({ status: 'skipped', skipReason: 'invalid_data' });
    expect(item.reasonText).toMatch(/^Une fiche \(client, compte ou ticket\) est illisible/);
  });

  it('a payment reminder on a ticket that does not parse is recorded, not answered 404', async () => {
    await seedWalkIn(h.db, 'c5');
    await h.db.doc('tickets/t5').set(ticket({ clientId: 'c5', amountDueEur: '45' }));
    const outcome = await notifyTicket(h.deps, {
      ticketId: 't5',
      kind: 'payment_reminder',
      changeId: 'staff:payment_reminder:r1',
    });
    expect(outcome?.channels.map((c) => [c.action, c.reason])).toEqual(
      Array(4).fill(['skip', 'invalid_data']),
    );
    await h.queue.drain();
    expect(outbound()).toHaveLength(0);
    expect(
      await notifyTicket(h.deps, { ticketId: 'nope', kind: 'payment_reminder', changeId: 'x' }),
    ).toBeNull();
  });

  it('a completed ticket that does not parse gets its pickup reminder recorded, once', async () => {
    await seedWalkIn(h.db, 'c6');
    await h.db.doc('tickets/t6').set(
      ticket({
        clientId: 'c6',
        device: null,
        status: 'completed',
        completedAt: Timestamp.fromDate(new Date('2026-02-27T09:00:00Z')),
      }),
    );
    expect((await runPickupReminders(h.deps)).planned).toEqual([
      { ticketId: 't6', kind: 'pickup_reminder_1' },
    ]);
    expect((await runPickupReminders(h.deps)).planned).toEqual([]);
    const docs = await historyOf(h.db, 't6');
    expect(docs).toHaveLength(4);
    expect(
      docs.every((d) => d.skipReason === 'invalid_data' && d.kind === 'pickup_reminder_1'),
    ).toBe(true);
    expect(outbound()).toHaveLength(0);
  });
});

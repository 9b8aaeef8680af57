import { describe, expect, it } from 'vitest';
import { runWhatsAppHealth } from '../src/schedules/whatsapp-health.ts';
import { seedRegistered, ticket } from './support/fixtures.ts';
import { byChannel, historyOf } from './support/history.ts';
import { type PipelineHarness, startPipelineHarness } from './support/pipeline-harness.ts';
import { createTicket, updateTicket } from './support/triggers.ts';
import { useHarness } from './support/use-harness.ts';

// The WhatsApp sender's health from the sandbox's Senders API, read by the `whatsappHealth`
// schedule, stops WhatsApp at the send gate while the sender is flagged or offline: the
// customer hears by SMS, the reason is recorded, and WhatsApp comes back with the sender.

let h: PipelineHarness;
useHarness({
  start: () => startPipelineHarness({ sandbox: { content: { rejectNames: ['omega_rejected'] } } }),
  started: (started) => {
    h = started;
  },
});

const CUSTOMER = '+33698765432';
const outbound = () => h.sandbox.messages().filter((m) => m.direction === 'outbound-api');
const alert = async (id: string) => (await h.db.doc(`alerts/${id}`).get()).data();
const alertIds = async () => (await h.db.collection('alerts').get()).docs.map((d) => d.id).sort();

/** A registered customer who takes WhatsApp and SMS, inside the WhatsApp window. */
async function seedCustomer() {
  await seedRegistered(
    h.db,
    { clientId: 'c1', customerId: 'u1' },
    {
      email: null,
      phoneNumber: '06 98 76 54 32',
      whatsappLastInboundAt: new Date('2026-03-02T07:00:00Z'),
      notificationPreferences: { smsEnabled: true, whatsappEnabled: true, emailEnabled: false },
    },
  );
}

describe('WhatsApp sender health', () => {
  it('flagged or offline: WhatsApp notifications go by SMS with the reason; back online: WhatsApp again', async () => {
    await seedCustomer();
    const healthy = await runWhatsAppHealth(h.deps);
    expect(healthy.sender).toMatchObject({
      status: 'ONLINE',
      qualityRating: 'HIGH',
      available: true,
    });
    expect(healthy.alerts).toEqual([]);

    // Meta lowers the number's quality to LOW: flagged.
    h.sandbox.senders.set({ qualityRating: 'LOW' });
    h.clock.advance(15 * 60_000);
    const flagged = await runWhatsAppHealth(h.deps);
    expect(flagged.sender).toMatchObject({
      status: 'ONLINE',
      qualityRating: 'LOW',
      available: false,
    });
    expect(flagged.changes).toEqual([{ kind: 'sender_quality', from: 'HIGH', to: 'LOW' }]);
    const [qualityAlert] = flagged.alerts;
    expect(await alert(String(qualityAlert))).toMatchObject({
      kind: 'whatsapp_sender_quality',
      from: 'HIGH',
      to: 'LOW',
      available: false,
      acknowledgedAt: null,
    });
    const stored = (await h.db.doc('settings/notifications').get()).get('whatsappSender');
    expect(stored).toMatchObject({
      status: 'ONLINE',
      qualityRating: 'LOW',
      available: false,
      cause: 'flagged',
    });

    await createTicket(h, 't1', ticket({ clientId: 'c1', customerId: 'u1' }));
    await h.queue.drain();
    const first = byChannel(await historyOf(h.db, 't1'));
    expect(first.whatsapp).toMatchObject({
      status: 'skipped',
      skipReason: 'whatsapp_sender_unavailable',
      reasonText: expect.stringContaining('hors ligne ou signalé'),
    });
    expect(first.sms).toMatchObject({ origin: 'fallback', fallbackOf: first.whatsapp?.id });
    expect(first.sms?.metadata?.twilioMessageId).toMatch(/^SM/);
    expect(outbound().map((m) => m.to)).toEqual([CUSTOMER]);

    // Then offline: one status alert; still SMS.
    h.sandbox.senders.set({ status: 'OFFLINE', offlineReasonCode: '63112' });
    h.clock.advance(15 * 60_000);
    const offline = await runWhatsAppHealth(h.deps);
    expect(offline.changes).toEqual([{ kind: 'sender_status', from: 'ONLINE', to: 'OFFLINE' }]);
    expect(await alert(String(offline.alerts[0]))).toMatchObject({
      kind: 'whatsapp_sender_status',
      to: 'OFFLINE',
      offlineReasons: [{ code: '63112', message: expect.any(String) }],
      message: expect.stringContaining('partent par SMS'),
    });

    // Back online, quality restored: the next notification goes by WhatsApp.
    h.sandbox.senders.set({ status: 'ONLINE', qualityRating: 'HIGH' });
    h.clock.advance(15 * 60_000);
    const back = await runWhatsAppHealth(h.deps);
    expect(back.sender?.available).toBe(true);
    expect(back.changes).toEqual([{ kind: 'sender_status', from: 'OFFLINE', to: 'ONLINE' }]);
    await updateTicket(h, 't1', { status: 'in_repair' });
    await h.queue.drain();
    const second = (await historyOf(h.db, 't1')).filter((d) => d.ticketStatus === 'in_repair');
    expect(second.map((d) => [d.channel, d.status, d.origin])).toEqual([
      ['whatsapp', expect.stringMatching(/sent|delivered|read|queued|accepted/), 'ticket'],
    ]);
    expect(outbound().map((m) => m.to)).toEqual([`whatsapp:${CUSTOMER}`, CUSTOMER]);

    // A second run with nothing new creates no alert again.
    expect((await runWhatsAppHealth(h.deps)).alerts).toEqual([]);
  });

  it('alerts on spikes of 63016/63018/63024 from the daily counters, once per hour or day', async () => {
    const day = '2026-03-02';
    await h.db
      .doc(`stats_daily/${day}`)
      .set({ day, whatsapp_error_63016: 2, whatsapp_error_63024: 31 });
    const first = await runWhatsAppHealth(h.deps);
    // 63024: more than 30 today; 63016: no hourly count before the first sample.
    expect(first.spikes).toEqual([{ code: 63024, window: 'day', count: 31, threshold: 30 }]);
    expect(first.alerts).toEqual([`whatsapp_errors_63024_${day}`]);
    expect(await alert(`whatsapp_errors_63024_${day}`)).toMatchObject({
      kind: 'whatsapp_error_spike',
      code: 63024,
      window: 'day',
      count: 31,
      message: expect.stringContaining('absents de WhatsApp'),
    });

    // An hour later: seven more 63016 since the sample (more than 5 in the hour).
    h.clock.advance(61 * 60_000);
    await h.db.doc(`stats_daily/${day}`).set({ whatsapp_error_63016: 9 }, { merge: true });
    const later = await runWhatsAppHealth(h.deps);
    expect(later.spikes).toEqual([
      { code: 63016, window: 'hour', count: 7, threshold: 5 },
      { code: 63024, window: 'day', count: 31, threshold: 30 },
    ]);
    // The day's 63024 alert exists already: only the hour's 63016 is new (11:01 in Paris).
    expect(later.alerts).toEqual([`whatsapp_errors_63016_${day}T11`]);
    expect(await alertIds()).toEqual([
      `whatsapp_errors_63016_${day}T11`,
      `whatsapp_errors_63024_${day}`,
    ]);
  });

  it('refreshes template approvals and rejection reasons, and alerts on a rejection', async () => {
    const client = await (h.deps.twilio as NonNullable<typeof h.deps.twilio>)();
    const content = await client.content.v1.contents.create({
      friendly_name: 'omega_status_completed_fr_v1',
      language: 'fr',
      variables: { '1': 'appareil' },
      types: { 'twilio/text': { body: "O'MEGA : votre {{1}} est prêt." } },
    } as never);
    await client.content.v1.contents(content.sid).approvalCreate.create({
      name: 'omega_rejected',
      category: 'UTILITY',
    });
    await h.db.doc('settings/notifications').set(
      {
        whatsappTemplates: {
          omega_status_completed_fr_v1: { contentSid: content.sid, approval: 'received' },
        },
      },
      { merge: true },
    );
    const run = await runWhatsAppHealth(h.deps);
    expect(run.templates).toEqual([
      {
        name: 'omega_status_completed_fr_v1',
        from: 'received',
        to: 'rejected',
        rejectionReason: expect.stringContaining('Rejected'),
      },
    ]);
    const stored = (await h.db.doc('settings/notifications').get()).get(
      'whatsappTemplates.omega_status_completed_fr_v1',
    );
    expect(stored).toMatchObject({
      contentSid: content.sid,
      approval: 'rejected',
      rejectionReason: expect.stringContaining('Rejected'),
    });
    const [id] = run.alerts;
    expect(await alert(String(id))).toMatchObject({
      kind: 'whatsapp_template',
      template: 'omega_status_completed_fr_v1',
      to: 'rejected',
      message: expect.stringContaining('refusé'),
    });
  });
});

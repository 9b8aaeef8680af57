import { describe, expect, it } from 'vitest';
import { seedRegistered, seedWalkIn, ticket } from './support/fixtures.ts';
import { byChannel, type HistoryDoc, historyOf as readHistory } from './support/history.ts';
import { type PipelineHarness, startPipelineHarness } from './support/pipeline-harness.ts';
import { createTicket, updateTicket } from './support/triggers.ts';
import { useHarness } from './support/use-harness.ts';

let h: PipelineHarness;
useHarness({
  start: () => startPipelineHarness(),
  started: (started) => {
    h = started;
  },
});

const historyOf = (ticketId: string) => readHistory(h.db, ticketId);

function sandboxMessages() {
  return h.sandbox.messages().filter((m) => m.direction === 'outbound-api');
}

describe('walk-in customers', () => {
  it('welcomes a walk-in by SMS on the service basis, once, and records the send', async () => {
    await seedWalkIn(h.db, 'c1');
    await createTicket(h, 't1', ticket({ clientId: 'c1' }));
    await h.queue.drain();

    const messages = sandboxMessages();
    expect(messages).toHaveLength(1);
    const sms = messages[0] as Record<string, unknown>;
    expect(sms.to).toBe('+33612345678');
    expect(sms.from).toBe('OMEGA');
    expect(String(sms.body)).toContain('iPhone 13');
    expect(String(sms.body)).toMatch(/https:\/\/omega\.test\/t\/[A-Za-z0-9]{10}/);

    const history = await historyOf('t1');
    expect(history).toHaveLength(1);
    const doc = history[0] as HistoryDoc;
    expect(doc.channel).toBe('sms');
    expect(doc.kind).toBe('walk_in_welcome');
    expect(doc.basis).toBe('service');
    expect(doc.status).toBe('queued');
    expect(doc.attempts).toBe(1);
    expect(doc.metadata.twilioMessageId).toBe(sms.sid);
    expect(doc.metadata.segments).toBe(1);
    expect(doc.metadata.cost).toBeGreaterThan(0);
    expect(doc.planSkips).toMatchObject({ email: 'no_email' });
    expect(sms.status_callback).toBe(
      `http://127.0.0.1:9/twilio/status?n=${doc.id}#rc=3&rp=ct,rt,5xx`,
    );
    expect(doc.timeline.map((e) => e.status)).toEqual(['planned', 'queued']);

    const stats = (await h.db.doc('stats_daily/2026-03-02').get()).data();
    expect(stats).toMatchObject({ sms_sent: 1, sms_segments: 1, sms_sent_lt1s: 1 });
  });

  it('skips a low-priority update for a walk-in without consent and records why', async () => {
    await seedWalkIn(h.db, 'c1');
    await createTicket(h, 't1', ticket({ clientId: 'c1' }));
    await h.queue.drain();
    await updateTicket(h, 't1', { status: 'in_repair' });
    await h.queue.drain();

    expect(sandboxMessages()).toHaveLength(1); // the welcome only
    const updates = (await historyOf('t1')).filter((d) => d.kind === 'status_in_repair');
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.every((d) => d.status === 'skipped')).toBe(true);
    const sms = updates.find((d) => d.channel === 'sms');
    expect(sms?.skipReason).toBe('no_basis');
    expect(String(sms?.reasonText)).toMatch(/accord/);
  });
});

describe('registered customers', () => {
  it('sends email and WhatsApp to a customer with both, never SMS', async () => {
    await seedRegistered(
      h.db,
      { clientId: 'c2', customerId: 'u2' },
      { lastInboundWhatsApp: null },
      {},
    );
    await h.db
      .doc('customer_profiles/u2')
      .set({ whatsappLastInboundAt: new Date('2026-03-02T08:00:00Z') }, { merge: true });
    await createTicket(h, 't2', ticket({ clientId: 'c2', customerId: 'u2', device: 'Galaxy S23' }));
    await h.queue.drain();

    const mails = await h.smtp.waitFor(1);
    expect(mails[0]?.to).toMatchObject({ text: 'zoe@example.fr' });
    expect(mails[0]?.text).toContain('Galaxy S23');
    const wa = sandboxMessages();
    expect(wa).toHaveLength(1);
    expect(wa[0]?.to).toBe('whatsapp:+33698765432');
    expect(wa[0]?.channel).toBe('whatsapp');

    const history = await historyOf('t2');
    const docs = byChannel(history);
    expect(Object.keys(docs).sort()).toEqual(['email', 'whatsapp']);
    expect(docs.email?.status).toBe('sent');
    expect(docs.whatsapp?.metadata.whatsappMode).toBe('free_text');
  });
});

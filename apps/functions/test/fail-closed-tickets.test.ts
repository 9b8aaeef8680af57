import { describe, expect, it } from 'vitest';
import { seedWalkIn, ticket } from './support/fixtures.ts';
import { historyOf } from './support/history.ts';
import { type PipelineHarness, startPipelineHarness } from './support/pipeline-harness.ts';
import { createTicket } from './support/triggers.ts';
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

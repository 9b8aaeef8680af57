import { describe, expect, it } from 'vitest';
import { experimentResults, RESULTS_MAX_MESSAGES } from '../src/api/services/experiment-results.ts';
import type { ExperimentDoc } from '../src/store/wording.ts';
import { type PipelineHarness, startPipelineHarness } from './support/pipeline-harness.ts';
import { useHarness } from './support/use-harness.ts';

let h: PipelineHarness;
useHarness({
  start: () => startPipelineHarness(),
  started: (started) => {
    h = started;
  },
});

// The experiment results page at its cap: 2,000 messages (and one more, so it says it stopped
// there) to 400 numbers about 1,000 tickets, each recipient with two messages in their thread and
// each ticket its short link. What one opening of the page reads, as Firestore bills it.
const MESSAGES = RESULTS_MAX_MESSAGES + 1;
const RECIPIENTS = 400;
const TICKETS = 1_000;
const startedAt = new Date('2026-03-02T09:00:00Z');
const experiment = {
  id: 'exp1',
  kind: 'ticket_received',
  channel: 'sms',
  locale: 'fr',
  version: 1,
  variantText: 'x',
  variantPercent: 50,
  status: 'running',
  startedAt,
  startedBy: 'staff-1',
  stoppedAt: null,
  stoppedBy: null,
  kept: null,
} as unknown as ExperimentDoc & { id: string };
const e164 = (i: number) => `+336${String(10_000_000 + i).slice(-8)}`;

async function write(docs: Array<[string, Record<string, unknown>]>) {
  for (let i = 0; i < docs.length; i += 400) {
    const batch = h.db.batch();
    for (const [path, data] of docs.slice(i, i + 400)) batch.set(h.db.doc(path), data);
    await batch.commit();
  }
}

describe('the experiment results page', () => {
  it('reads at most 2,001 messages and what they touch: the count it reports is the bill', async () => {
    const sentAt = new Date(startedAt.getTime() + 60_000);
    const docs: Array<[string, Record<string, unknown>]> = [];
    for (let i = 0; i < MESSAGES; i += 1)
      docs.push([
        `notification_history/m${i}`,
        {
          channel: 'sms',
          status: i % 10 === 0 ? 'undelivered' : 'delivered',
          sentAt,
          to: e164(i % RECIPIENTS),
          ticketId: `t${i % TICKETS}`,
          experiment: { id: 'exp1', arm: i % 2 === 0 ? 'control' : 'variant' },
        },
      ]);
    for (let r = 0; r < RECIPIENTS; r += 1)
      for (const [n, direction] of [
        [0, 'inbound'],
        [1, 'outbound'],
      ] as const)
        docs.push([
          `conversations/${e164(r)}/messages/SM${r}_${n}`,
          { direction, at: new Date(sentAt.getTime() + 3_600_000 + n) },
        ]);
    for (let t = 0; t < TICKETS; t += 1) {
      docs.push([`tickets/t${t}`, { status: t % 3 === 0 ? 'picked_up' : 'completed' }]);
      docs.push([`short_links/l${t}`, { ticketId: `t${t}`, clicks: 1 }]);
    }
    await write(docs);

    const results = await experimentResults(h.db, experiment);
    expect(results.truncated).toBe(true);
    expect(results.arms.control.sent + results.arms.variant.sent).toBe(RESULTS_MAX_MESSAGES);
    // 2,001 messages + 400 threads × 2 messages + 1,000 tickets × (1 short link + the ticket).
    const expected = MESSAGES + RECIPIENTS * 2 + TICKETS * 2;
    expect(results.reads).toBe(expected);
    expect(results.reads).toBe(4_801);
  }, 120_000);
});

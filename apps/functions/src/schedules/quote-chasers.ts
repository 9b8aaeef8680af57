import { decideQuoteChaser, type NotificationKind } from '@omega/core';
import type { DocumentReference, Firestore } from 'firebase-admin/firestore';
import { logs } from '../logs.ts';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { COLLECTIONS } from '../store/collections.ts';
import { parseDoc, ticketSchema } from '../store/documents.ts';
import { ts, zTimestamp } from '../store/timestamps.ts';
import { planMarkedStep } from './marked-step.ts';

/** What one run did. */
export interface QuoteChaserRun {
  examined: number;
  planned: Array<{ ticketId: string; kind: NotificationKind }>;
  /** Chasers a run had planned and died before enqueueing: their sends enqueued now. */
  resumed: Array<{ ticketId: string; kind: NotificationKind }>;
}

/**
 * When the customer got the ticket's current quote: the latest `sentAt` (the provider accepted
 * it) of the ticket's `status_quote_pending` notifications, any channel, fallbacks included;
 * `null` while none went out (deferred to the morning, held, skipped). A quote sent again (the
 * ticket came back to `quote_pending`) starts its chasers again from the new sending.
 */
export async function quoteSentAt(db: Firestore, ticketId: string): Promise<Date | null> {
  const snap = await db.collection(COLLECTIONS.history).where('ticketId', '==', ticketId).get();
  let latest: Date | null = null;
  for (const doc of snap.docs) {
    if (doc.get('kind') !== 'status_quote_pending') continue;
    const sent = zTimestamp.safeParse(doc.get('sentAt'));
    if (sent.success && sent.data && (!latest || sent.data > latest)) latest = sent.data;
  }
  return latest;
}

/**
 * Quote chasers (schedule handler, callable directly): for every ticket `quote_pending` whose
 * quote the customer got and has not decided (`quoteDecision` null), the chaser due (core's
 * `decideQuoteChaser`: `quoteChasers.delaysHours` after the quote was sent, 24 h and 72 h by
 * default) is planned once through the ticket pipeline (`origin: reminder`): the cascade, the
 * send window, the budget and the frequency cap apply as for any message, and the send gate
 * skips a planned chaser once the quote is decided (`quote_decided`) or the ticket has left
 * `quote_pending` (`superseded`).
 *
 * Exactly once, as the pickup reminders (`docs/delivery.md`): each chaser's marker
 * `quote_chasers/{ticket}~{kind}~{quoteSentAtMillis}` is `create()`d in the planner's batch with
 * the history documents and their statistics, `enqueuedAt: null` until the sends are queued; a
 * run that finds it so (the previous one died between the commit and the enqueue) enqueues them
 * (task id = notification id: once). A ticket that does not parse gets its due chaser recorded
 * skipped `invalid_data` (and an alert).
 */
export async function runQuoteChasers(deps: PipelineDeps): Promise<QuoteChaserRun> {
  const now = deps.clock();
  const settings = await deps.settings.get();
  const out: QuoteChaserRun = { examined: 0, planned: [], resumed: [] };
  if (!settings.quoteChasers.enabled) {
    logs.scheduleRan('quote_chasers', { disabled: true });
    return out;
  }
  const snap = await deps.db
    .collection(COLLECTIONS.tickets)
    .where('status', '==', 'quote_pending')
    .get();
  out.examined = snap.size;
  const due: Array<{
    ticketId: string;
    data: Record<string, unknown>;
    kind: NotificationKind;
    occurrence: string;
    sentAt: Date;
    marker: DocumentReference;
  }> = [];
  for (const doc of snap.docs) {
    const parsed = parseDoc(ticketSchema, doc.data());
    // A decision read from a ticket that parses; an unreadable one is recorded, not chased.
    const quoteDecision = parsed.ok ? (parsed.value.quoteDecision ?? null) : null;
    if (quoteDecision !== null) continue;
    const sentAt = await quoteSentAt(deps.db, doc.id);
    const decision = decideQuoteChaser({
      ticketStatus: 'quote_pending',
      quoteDecision,
      quoteSentAt: sentAt,
      now,
      settings: settings.quoteChasers,
    });
    if (decision.action !== 'plan' || !sentAt) continue;
    const occurrence = `${decision.kind}~${sentAt.getTime()}`;
    const marker = deps.db.collection(COLLECTIONS.quoteChasers).doc(`${doc.id}~${occurrence}`);
    due.push({
      ticketId: doc.id,
      data: doc.data(),
      kind: decision.kind,
      occurrence,
      sentAt,
      marker,
    });
  }
  // One read for every due chaser's marker (a run costs no write for chasers already planned).
  const markers = due.length > 0 ? await deps.db.getAll(...due.map((d) => d.marker)) : [];

  for (const [i, step] of due.entries()) {
    const { ticketId, kind } = step;
    const result = await planMarkedStep(deps, step, markers[i], {
      markerData: { ticketId, kind, quoteSentAt: ts(step.sentAt), plannedAt: ts(now) },
      faultPoint: 'quote_chaser_after_plan',
      now,
    });
    if (result === 'resumed') out.resumed.push({ ticketId, kind });
    if (result === 'planned') out.planned.push({ ticketId, kind });
  }
  logs.scheduleRan('quote_chasers', {
    examined: out.examined,
    planned: out.planned.length,
    resumed: out.resumed.length,
  });
  return out;
}

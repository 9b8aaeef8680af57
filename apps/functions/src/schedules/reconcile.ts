import {
  applyStatus,
  isFinalStatus,
  type TwilioMessageStatus,
  twilioPriceToEur,
} from '@omega/core';
import type { QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { logs } from '../logs.ts';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { COLLECTIONS } from '../store/collections.ts';
import { addProviderPrice, addTransition, providerPriceFields } from '../store/history.ts';
import {
  bump,
  type Counters,
  counterName,
  deliveredLatencyCounter,
  incrementStats,
} from '../store/stats.ts';
import { ts } from '../store/timestamps.ts';

/** Twilio statuses that are not an outcome yet. */
export const IN_FLIGHT: readonly TwilioMessageStatus[] = [
  'accepted',
  'scheduled',
  'queued',
  'sending',
  'sent',
];

/** What a reconciliation run did. */
export interface ReconcileRun {
  examined: number;
  updated: Array<{ notificationId: string; from: string; to: string }>;
  priced: Array<{ notificationId: string; costEur: number }>;
  errors: number;
}

async function fetchMessage(deps: PipelineDeps, sid: string) {
  if (!deps.twilio) throw new Error('reconciliation needs a Twilio client');
  const client = await deps.twilio();
  return client.messages(sid).fetch();
}

function asDate(value: unknown): Date | null {
  const v = value as { toDate?: () => Date } | null | undefined;
  return v?.toDate ? v.toDate() : null;
}

/**
 * Reconciliation of stuck messages (schedule handler): Twilio's callbacks can be lost, so
 * every message still in a non-final status `olderThanMs` after it was sent is fetched from
 * Twilio; a status that moved forward (core's `applyStatus`: never backwards) is recorded with
 * source `reconcile`, counted in the statistics, and its price taken when already known.
 */
export async function reconcileStuckMessages(
  deps: PipelineDeps,
  options: { olderThanMs?: number; limit?: number } = {},
): Promise<ReconcileRun> {
  const now = deps.clock();
  const cutoff = new Date(now.getTime() - (options.olderThanMs ?? 30 * 60_000));
  const snap = await deps.db
    .collection(COLLECTIONS.history)
    .where('status', 'in', IN_FLIGHT)
    .where('sentAt', '<=', ts(cutoff))
    .limit(options.limit ?? 200)
    .get();
  const run: ReconcileRun = { examined: snap.size, updated: [], priced: [], errors: 0 };
  const counters: Counters = {};
  const settings = await deps.settings.get();
  for (const doc of snap.docs) {
    const data = doc.data();
    const sid = data.metadata?.twilioMessageId as string | undefined;
    if (!sid) continue;
    try {
      const message = await fetchMessage(deps, sid);
      const next = applyStatus(
        data.status as TwilioMessageStatus,
        message.status as TwilioMessageStatus,
      );
      if (!next.changed) continue;
      const at = ts(now);
      const update: Record<string, unknown> = {};
      const channel = data.channel as 'sms' | 'whatsapp';
      if (next.status === 'delivered' || next.status === 'read') {
        update.deliveredAt = at;
        bump(counters, `${channel}_${next.status}`);
        const created = asDate(data.createdAt);
        if (created)
          bump(counters, deliveredLatencyCounter(channel, now.getTime() - created.getTime()));
      } else if (next.status === 'failed' || next.status === 'undelivered') {
        update.errorCode = message.errorCode ?? null;
        update.errorMessage = message.errorMessage ?? null;
        bump(counters, `${channel}_${next.status}`);
        if (message.errorCode) bump(counters, counterName(channel, 'error', message.errorCode));
      }
      const cost = twilioPriceToEur(
        message.price ?? null,
        message.priceUnit ?? null,
        settings.core.prices,
      );
      if (cost !== null) {
        Object.assign(update, providerPriceFields(cost, message.priceUnit ?? null));
        bump(counters, `${channel}_cost_actual_eur`, cost);
        run.priced.push({ notificationId: doc.id, costEur: cost });
      }
      const batch = deps.db.batch();
      addTransition(batch, deps.db, {
        notificationId: doc.id,
        from: data.status as TwilioMessageStatus,
        to: next.status,
        at: now,
        source: 'reconcile',
        fields: update,
        onIllegal: 'keep',
      });
      await batch.commit();
      run.updated.push({ notificationId: doc.id, from: String(data.status), to: next.status });
    } catch (error) {
      run.errors += 1;
      logs.unexpected(`reconcile ${doc.id}`, error);
    }
  }
  await incrementStats(deps.db, now, counters);
  logs.scheduleRan('reconcile_stuck', {
    examined: run.examined,
    updated: run.updated.length,
    errors: run.errors,
  });
  return run;
}

/**
 * Actual price reconciliation (schedule handler): Twilio fills `price` some time after the
 * final status. Every message still marked `pricePending` whose status is final is fetched; a
 * known price is converted to € with the settings' `usdToEur` (core's `twilioPriceToEur`) and
 * stored as `metadata.costActual`, and the statistics get the actual cost.
 */
export async function reconcilePrices(
  deps: PipelineDeps,
  options: { limit?: number } = {},
): Promise<ReconcileRun> {
  const now = deps.clock();
  const settings = await deps.settings.get();
  const snap = await deps.db
    .collection(COLLECTIONS.history)
    .where('pricePending', '==', true)
    .limit(options.limit ?? 200)
    .get();
  const run: ReconcileRun = { examined: snap.size, updated: [], priced: [], errors: 0 };
  const counters: Counters = {};
  const finals = snap.docs.filter((d: QueryDocumentSnapshot) =>
    isFinalStatus(d.get('status') as TwilioMessageStatus),
  );
  for (const doc of finals) {
    const sid = doc.get('metadata.twilioMessageId') as string | undefined;
    if (!sid) continue;
    try {
      const message = await fetchMessage(deps, sid);
      const cost = twilioPriceToEur(
        message.price ?? null,
        message.priceUnit ?? null,
        settings.core.prices,
      );
      if (cost === null) continue;
      const batch = deps.db.batch();
      addProviderPrice(batch, deps.db, doc.id, {
        costEur: cost,
        priceUnit: message.priceUnit ?? null,
        at: now,
      });
      await batch.commit();
      bump(counters, `${doc.get('channel')}_cost_actual_eur`, cost);
      run.priced.push({ notificationId: doc.id, costEur: cost });
    } catch (error) {
      run.errors += 1;
      logs.unexpected(`price ${doc.id}`, error);
    }
  }
  await incrementStats(deps.db, now, counters);
  logs.scheduleRan('reconcile_prices', {
    examined: run.examined,
    priced: run.priced.length,
    errors: run.errors,
  });
  return run;
}

import type { Firestore } from 'firebase-admin/firestore';
import type { PipelineSettings } from '../../settings/settings-schema.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import { parisDayAndMonth } from '../../store/timestamps.ts';
import { type Analytics, type CounterDoc, computeAnalytics } from './analytics.ts';

function counters(data: Record<string, unknown> | undefined): CounterDoc {
  const out: CounterDoc = {};
  for (const [k, v] of Object.entries(data ?? {})) if (typeof v === 'number') out[k] = v;
  return out;
}

/**
 * Reads only statistics documents — the days of the range (one range query on `day`), the
 * current month and `stats_coverage/current` — and computes the analytics. A year is
 * 365 + 2 document reads, never a scan of `notification_history`.
 */
export async function readAnalytics(
  db: Firestore,
  input: { from: string; to: string; now: Date; settings: PipelineSettings },
): Promise<Analytics> {
  const { month } = parisDayAndMonth(input.now);
  const [daySnap, monthSnap, coverageSnap] = await Promise.all([
    db
      .collection(COLLECTIONS.statsDaily)
      .where('day', '>=', input.from)
      .where('day', '<=', input.to)
      .get(),
    db.collection(COLLECTIONS.statsMonthly).doc(month).get(),
    db.collection(COLLECTIONS.statsCoverage).doc('current').get(),
  ]);
  const days = daySnap.docs.map((doc) => ({
    day: String(doc.get('day') ?? doc.id),
    counters: counters(doc.data()),
  }));
  return computeAnalytics({
    from: input.from,
    to: input.to,
    days,
    currentMonth: { month, counters: monthSnap.exists ? counters(monthSnap.data()) : null },
    coverage: coverageSnap.exists ? counters(coverageSnap.data()) : null,
    budget: input.settings.core.budget,
    // Firestore bills a query that returns nothing as one read.
    reads: Math.max(1, daySnap.size) + 2,
  });
}

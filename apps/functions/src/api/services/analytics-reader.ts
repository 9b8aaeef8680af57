import {
  addCalendarDays as addDays,
  calendarDaysBetween,
  SHOP_TIME_ZONE,
  zonedMonthKey,
} from '@omega/core';
import type { Firestore } from 'firebase-admin/firestore';
import type { PipelineSettings } from '../../settings/settings-schema.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import { type Analytics, type CounterDoc, computeAnalytics, sumCounters } from './analytics.ts';

/** Ranges longer than this are read month by month (whole months from `stats_monthly`). */
export const MONTHLY_FROM_DAYS = 92;

function counters(data: Record<string, unknown> | undefined): CounterDoc {
  const out: CounterDoc = {};
  for (const [k, v] of Object.entries(data ?? {})) if (typeof v === 'number') out[k] = v;
  return out;
}

/** The whole months inside [from, to] and the partial days at each end. */
export function splitRange(
  from: string,
  to: string,
): { months: string[]; edges: Array<[string, string]> } {
  const months: string[] = [];
  let cursor = from.endsWith('-01')
    ? from.slice(0, 7)
    : addDays(`${from.slice(0, 7)}-28`, 7).slice(0, 7);
  const lastDayOf = (month: string) => addDays(`${addDays(`${month}-28`, 7).slice(0, 7)}-01`, -1);
  while (lastDayOf(cursor) <= to) {
    months.push(cursor);
    cursor = addDays(`${cursor}-28`, 7).slice(0, 7);
  }
  if (months.length === 0) return { months, edges: [[from, to]] };
  const first = `${months[0]}-01`;
  const last = lastDayOf(months.at(-1) as string);
  const edges: Array<[string, string]> = [];
  if (from < first) edges.push([from, addDays(first, -1)]);
  if (to > last) edges.push([addDays(last, 1), to]);
  return { months, edges };
}

/** The counters of one period: per day (or per month beyond {@link MONTHLY_FROM_DAYS} days). */
async function readPeriod(
  db: Firestore,
  from: string,
  to: string,
): Promise<{
  periods: Array<{ day: string; counters: CounterDoc }>;
  monthly: boolean;
  reads: number;
}> {
  const span = calendarDaysBetween(from, to) + 1;
  const monthly = span > MONTHLY_FROM_DAYS;
  const { months, edges } = monthly
    ? splitRange(from, to)
    : { months: [], edges: [[from, to] as [string, string]] };
  const daily = db.collection(COLLECTIONS.statsDaily);
  const [edgeSnaps, monthSnaps] = await Promise.all([
    Promise.all(edges.map(([a, b]) => daily.where('day', '>=', a).where('day', '<=', b).get())),
    months.length > 0
      ? db.getAll(...months.map((m) => db.collection(COLLECTIONS.statsMonthly).doc(m)))
      : Promise.resolve([]),
  ]);
  const dayDocs = edgeSnaps.flatMap((snap) =>
    snap.docs.map((doc) => ({
      day: String(doc.get('day') ?? doc.id),
      counters: counters(doc.data()),
    })),
  );
  let periods = dayDocs;
  if (monthly) {
    const byMonth = new Map<string, CounterDoc[]>();
    for (const d of dayDocs)
      byMonth.set(d.day.slice(0, 7), [...(byMonth.get(d.day.slice(0, 7)) ?? []), d.counters]);
    for (const snap of monthSnaps) if (snap.exists) byMonth.set(snap.id, [counters(snap.data())]);
    periods = [...byMonth.entries()].map(([m, docs]) => ({ day: m, counters: sumCounters(docs) }));
  }
  // Firestore bills a query that returns nothing as one read.
  const reads = edgeSnaps.reduce((s, snap) => s + Math.max(1, snap.size), 0) + monthSnaps.length;
  return { periods, monthly, reads };
}

/**
 * Reads only statistics documents and computes the analytics. Up to {@link MONTHLY_FROM_DAYS}
 * days: the daily documents of the range (one range query on `day`). Longer: whole months from
 * `stats_monthly` (which the pipeline increments with the same counters in the same batch) plus
 * the partial days at each end, charted per month — a year is about 12 + 30 reads instead of 365.
 * The previous period of the same length is read the same way (the scoreboard's trend), plus the
 * current month (budget) and `stats_coverage/current`. Never a scan of the history: a year and its
 * previous year stay far below 400 reads.
 */
export async function readAnalytics(
  db: Firestore,
  input: { from: string; to: string; now: Date; settings: PipelineSettings },
): Promise<Analytics> {
  const month = zonedMonthKey(input.now, SHOP_TIME_ZONE);
  const span = calendarDaysBetween(input.from, input.to) + 1;
  const [current, previous, currentSnap, coverageSnap] = await Promise.all([
    readPeriod(db, input.from, input.to),
    readPeriod(db, addDays(input.from, -span), addDays(input.from, -1)),
    db.collection(COLLECTIONS.statsMonthly).doc(month).get(),
    db.collection(COLLECTIONS.statsCoverage).doc('current').get(),
  ]);
  return computeAnalytics({
    from: input.from,
    to: input.to,
    days: current.periods,
    granularity: current.monthly ? 'month' : 'day',
    currentMonth: { month, counters: currentSnap.exists ? counters(currentSnap.data()) : null },
    coverage: coverageSnap.exists ? counters(coverageSnap.data()) : null,
    budget: input.settings.core.budget,
    reads: current.reads + previous.reads + 2,
    previous: previous.periods,
  });
}

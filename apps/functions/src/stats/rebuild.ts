import type { NotificationSettings } from '@omega/core';
import {
  type CollectionReference,
  type DocumentData,
  type DocumentSnapshot,
  FieldValue,
  type Firestore,
  type QueryDocumentSnapshot,
} from 'firebase-admin/firestore';
import { AUTO_REPLY_ORIGIN } from '../pipeline/plan/auto-reply.ts';
import { COLLECTIONS } from '../store/collections.ts';
import { bump, type Counters } from '../store/stats.ts';
import { parisDayAndMonth } from '../store/timestamps.ts';
import { coverageDelta, coverageStateOf } from './coverage.ts';
import {
  asDate,
  consentCounters,
  conversationCounters,
  type DatedCounters,
  historyCounters,
  linkCounters,
  satisfactionCounters,
} from './recompute.ts';

/**
 * `stats:rebuild`: recomputes `stats_daily`, `stats_monthly` and `stats_coverage/current` from
 * the documents (history, consent log, conversations, profiles and clients), page by page.
 * Every page's counters go to a staging copy under `stats_rebuild/current` **in the same batch**
 * as the job's cursor (with the job document's update time as precondition), so a run that dies
 * or two runs at once never count a page twice, and the next call resumes where the last one
 * stopped. Once every source is read, the staging copy replaces the live documents (days and
 * months that no document accounts for are deleted) and the staging copy is dropped.
 * Events recorded while a rebuild runs, on documents it already read, are not in the result:
 * run it when the shop is quiet (a first deploy, the seeder) or run it again.
 */

/** The job document. */
export const REBUILD_JOB = 'stats_rebuild/current';

/** The steps of a rebuild, in order. */
export const REBUILD_PHASES = [
  'history',
  'consent',
  'conversations',
  'profiles',
  'clients',
  'links',
  'satisfaction',
  'copy_daily',
  'copy_monthly',
  'prune_daily',
  'prune_monthly',
  'drop_daily',
  'drop_monthly',
  'coverage',
  'done',
] as const;
export type RebuildPhase = (typeof REBUILD_PHASES)[number];

/** Options of {@link runStatsRebuild}. */
export interface StatsRebuildOptions {
  settings: NotificationSettings;
  now: Date;
  /** Documents per page (default 100; a page is one batch). */
  pageSize?: number;
  /** Stop after this many pages (the next call resumes); default: until done. */
  maxPages?: number;
  /** Start over even if a rebuild is half done. */
  restart?: boolean;
}

/** Where a rebuild stands. */
export interface StatsRebuildProgress {
  done: boolean;
  phase: RebuildPhase;
  /** Pages written by this call. */
  pages: number;
  /** Source documents read by the whole rebuild so far. */
  documents: number;
  startedAt: string;
}

interface Job {
  phase: RebuildPhase;
  cursor: string | null;
  documents: number;
  startedAt: Date;
  snap: DocumentSnapshot;
}

function readJob(snap: DocumentSnapshot): Job | null {
  if (!snap.exists) return null;
  const phase = snap.get('phase') as RebuildPhase;
  if (!REBUILD_PHASES.includes(phase)) return null;
  return {
    phase,
    cursor: (snap.get('cursor') as string | null) ?? null,
    documents: Number(snap.get('documents') ?? 0),
    startedAt: asDate(snap.get('startedAt')) ?? new Date(0),
    snap,
  };
}

const next = (phase: RebuildPhase): RebuildPhase =>
  REBUILD_PHASES[REBUILD_PHASES.indexOf(phase) + 1] ?? 'done';

type Pager = (
  col: CollectionReference,
  cursor: string | null,
  size: number,
) => Promise<{ docs: QueryDocumentSnapshot[]; size: number; last: string | null; empty: boolean }>;

/**
 * Pages through collections in document-id order: each collection's ids are read once per call
 * (a query without fields), then every page after the id `cursor` is one `getAll`. Sorting the
 * ids here rather than with a query cursor on the document id keeps it exact on every server
 * (the embedded Firestore server neither orders nor compares by document name).
 */
function pager(): Pager {
  const ids = new Map<string, string[]>();
  return async (col, cursor, size) => {
    let all = ids.get(col.path);
    if (!all) {
      all = (await col.select().get()).docs.map((d) => d.id).sort();
      ids.set(col.path, all);
    }
    const start = cursor === null ? 0 : all.findIndex((id) => id > cursor);
    const slice = start < 0 ? [] : all.slice(start, start + size);
    const snaps =
      slice.length > 0 ? await col.firestore.getAll(...slice.map((id) => col.doc(id))) : [];
    const docs = snaps.filter((snap) => snap.exists) as QueryDocumentSnapshot[];
    return { docs, size: slice.length, last: slice.at(-1) ?? null, empty: slice.length === 0 };
  };
}

/** Sums dated counters per Paris day and month. */
export function perDayAndMonth(items: readonly DatedCounters[]): {
  days: Map<string, Counters>;
  months: Map<string, Counters>;
} {
  const days = new Map<string, Counters>();
  const months = new Map<string, Counters>();
  for (const { at, counters } of items) {
    const { day, month } = parisDayAndMonth(at);
    const d = days.get(day) ?? {};
    const m = months.get(month) ?? {};
    for (const [k, v] of Object.entries(counters)) {
      bump(d, k, v);
      bump(m, k, v);
    }
    days.set(day, d);
    months.set(month, m);
  }
  return { days, months };
}

const inc = (counters: Counters) =>
  Object.fromEntries(
    Object.entries(counters)
      .filter(([, v]) => v !== 0 && Number.isFinite(v))
      .map(([k, v]) => [k, FieldValue.increment(v)]),
  );

/** The last messages we sent to each number (for reply latencies), read from the history. */
async function sentTo(db: Firestore, e164s: readonly string[]): Promise<Map<string, Date[]>> {
  const out = new Map<string, Date[]>();
  await Promise.all(
    e164s.map(async (e164) => {
      const snap = await db.collection(COLLECTIONS.history).where('to', '==', e164).get();
      out.set(
        e164,
        snap.docs
          .filter((d) => d.get('origin') !== AUTO_REPLY_ORIGIN)
          .map((d) => asDate(d.get('sentAt')))
          .filter((d): d is Date => d !== null),
      );
    }),
  );
  return out;
}

/**
 * Runs (or resumes) the rebuild: pages until done or `maxPages`. Call it again to continue;
 * once done, the next call starts a new rebuild.
 */
export async function runStatsRebuild(
  db: Firestore,
  options: StatsRebuildOptions,
): Promise<StatsRebuildProgress> {
  const size = Math.max(1, Math.min(options.pageSize ?? 100, 200));
  const jobRef = db.doc(REBUILD_JOB);
  const staging = {
    daily: jobRef.collection('daily'),
    monthly: jobRef.collection('monthly'),
  };
  let pages = 0;
  const page = pager();
  let job = readJob(await jobRef.get());
  if (!job || job.phase === 'done' || options.restart) {
    // A fresh start: whatever a previous run left in staging goes first.
    for (const col of [staging.daily, staging.monthly]) await dropAll(db, col);
    await jobRef.set({
      phase: 'history',
      cursor: null,
      documents: 0,
      coverage: {},
      startedAt: options.now,
      updatedAt: options.now,
    });
    job = readJob(await jobRef.get()) as Job;
  }

  while (job.phase !== 'done' && (options.maxPages === undefined || pages < options.maxPages)) {
    const batch = db.batch();
    let cursor: string | null = null;
    let read = 0;
    let fetched = 0;
    const dated: DatedCounters[] = [];
    const coverage: Counters = {};
    const phase: RebuildPhase = job.phase;

    if (
      phase === 'history' ||
      phase === 'consent' ||
      phase === 'profiles' ||
      phase === 'clients' ||
      phase === 'links' ||
      phase === 'satisfaction'
    ) {
      const col = {
        history: COLLECTIONS.history,
        consent: COLLECTIONS.consentLog,
        profiles: COLLECTIONS.profiles,
        clients: COLLECTIONS.clients,
        links: COLLECTIONS.shortLinks,
        satisfaction: COLLECTIONS.satisfactionAnswers,
      }[phase];
      const snap = await page(db.collection(col), job.cursor, size);
      read = snap.docs.length;
      cursor = snap.last;
      fetched = snap.size;
      for (const doc of snap.docs) {
        const data = doc.data();
        if (phase === 'history') dated.push(...historyCounters(data));
        else if (phase === 'consent') dated.push(...consentCounters(data));
        else if (phase === 'links') dated.push(...linkCounters(data));
        else if (phase === 'satisfaction') dated.push(...satisfactionCounters(data));
        else {
          const kind = phase === 'profiles' ? 'profile' : 'client';
          const state = coverageStateOf(kind, doc.id, data, options.settings, options.now);
          for (const [k, v] of Object.entries(coverageDelta(null, state))) bump(coverage, k, v);
        }
      }
    } else if (phase === 'conversations') {
      const snap = await page(db.collection(COLLECTIONS.conversations), job.cursor, size);
      read = snap.docs.length;
      cursor = snap.last;
      fetched = snap.size;
      const sent = await sentTo(
        db,
        snap.docs.map((d) => d.id),
      );
      const messages = await Promise.all(snap.docs.map((d) => d.ref.collection('messages').get()));
      snap.docs.forEach((conversation, i) => {
        const thread = messages[i]?.docs ?? [];
        dated.push(
          ...conversationCounters(
            thread.map((m) => m.data()),
            sent.get(conversation.id) ?? [],
          ),
        );
        read += thread.length;
      });
    } else if (phase === 'copy_daily' || phase === 'copy_monthly') {
      const from = phase === 'copy_daily' ? staging.daily : staging.monthly;
      const to = db.collection(
        phase === 'copy_daily' ? COLLECTIONS.statsDaily : COLLECTIONS.statsMonthly,
      );
      const snap = await page(from, job.cursor, size);
      cursor = snap.last;
      fetched = snap.size;
      for (const doc of snap.docs) batch.set(to.doc(doc.id), doc.data());
    } else if (phase === 'prune_daily' || phase === 'prune_monthly') {
      const live = db.collection(
        phase === 'prune_daily' ? COLLECTIONS.statsDaily : COLLECTIONS.statsMonthly,
      );
      const twin = phase === 'prune_daily' ? staging.daily : staging.monthly;
      const snap = await page(live, job.cursor, size);
      cursor = snap.last;
      fetched = snap.size;
      const twins = snap.empty ? [] : await db.getAll(...snap.docs.map((d) => twin.doc(d.id)));
      snap.docs.forEach((doc, i) => {
        if (!twins[i]?.exists) batch.delete(doc.ref);
      });
    } else if (phase === 'drop_daily' || phase === 'drop_monthly') {
      const snap = await page(
        phase === 'drop_daily' ? staging.daily : staging.monthly,
        job.cursor,
        size,
      );
      cursor = snap.last;
      fetched = snap.size;
      for (const doc of snap.docs) batch.delete(doc.ref);
    } else if (phase === 'coverage') {
      const totals = (job.snap.get('coverage') ?? {}) as DocumentData;
      batch.set(db.collection(COLLECTIONS.statsCoverage).doc('current'), totals);
    }

    const { days, months } = perDayAndMonth(dated);
    for (const [day, counters] of days)
      batch.set(
        staging.daily.doc(day),
        { day, month: day.slice(0, 7), ...inc(counters) },
        {
          merge: true,
        },
      );
    for (const [month, counters] of months)
      batch.set(staging.monthly.doc(month), { month, ...inc(counters) }, { merge: true });

    const finished = phase === 'coverage' || cursor === null || fetched < size;
    const update: Record<string, unknown> = {
      phase: finished ? next(phase) : phase,
      cursor: finished ? null : cursor,
      documents: FieldValue.increment(read),
      updatedAt: options.now,
    };
    for (const [k, v] of Object.entries(coverage))
      if (v !== 0) update[`coverage.${k}`] = FieldValue.increment(v);
    if (finished && next(phase) === 'done') update.finishedAt = options.now;
    batch.update(jobRef, update, { lastUpdateTime: job.snap.updateTime });
    await batch.commit();
    pages += 1;
    job = readJob(await jobRef.get()) as Job;
  }
  return {
    done: job.phase === 'done',
    phase: job.phase,
    pages,
    documents: job.documents,
    startedAt: job.startedAt.toISOString(),
  };
}

async function dropAll(db: Firestore, col: CollectionReference): Promise<void> {
  for (;;) {
    const snap = await col.limit(200).get();
    if (snap.empty) return;
    const batch = db.batch();
    for (const doc of snap.docs) batch.delete(doc.ref);
    await batch.commit();
  }
}

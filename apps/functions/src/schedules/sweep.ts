import {
  type NotificationStatus,
  SWEEP_GRACE_MS,
  SWEEP_MAX_REDRIVES,
  type SweepVerdict,
  sweepVerdict,
} from '@omega/core';
import type { QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { logs } from '../logs.ts';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { COLLECTIONS } from '../store/collections.ts';
import { addSkip, addSweep, addTransition } from '../store/history.ts';
import { addStats, bump, type Counters } from '../store/stats.ts';
import { ts } from '../store/timestamps.ts';

/** The statuses the sweeper looks at (everything else is terminal or the provider's). */
const SWEPT: readonly NotificationStatus[] = ['planned', 'deferred', 'error', 'held'];

/** What one sweep did. */
export interface SweepRun {
  examined: number;
  redriven: string[];
  closed: Array<{ notificationId: string; reason: 'stuck' | 'hold_expired' }>;
  /** Documents whose fields the sweeper could not read (closed as stuck all the same). */
  unreadable: string[];
}

/** Options of {@link sweepStuckNotifications}. */
export interface SweepOptions {
  graceMs?: number;
  maxRedrives?: number;
  /** Documents per page, and pages per run (the next run goes on where this one stopped). */
  pageSize?: number;
  maxPages?: number;
}

function dateOf(value: unknown): Date | null {
  const v = value as { toDate?: () => Date } | null | undefined;
  return v?.toDate ? v.toDate() : null;
}

/**
 * The sweeper (schedule handler, also on the local stack's schedules page): every notification
 * left non-terminal past its due time — planned and never enqueued, claimed and never
 * recorded, a retry whose task died, a deferral whose task was lost, an automatic answer, a
 * staff send — is re-driven through the send task (which reconciles an ambiguous attempt with
 * the provider first, so a re-drive never sends twice), up to core's `SWEEP_MAX_REDRIVES`;
 * then closed `failed/stuck`, and a hold past its expiry `skipped/hold_expired`, each with a
 * reason staff can read and an alert. Pages through `updatedAt` older than the grace, oldest
 * first. Core's `sweepVerdict` decides.
 */
export async function sweepStuckNotifications(
  deps: PipelineDeps,
  options: SweepOptions = {},
): Promise<SweepRun> {
  const now = deps.clock();
  const graceMs = options.graceMs ?? SWEEP_GRACE_MS;
  const cutoff = ts(new Date(now.getTime() - graceMs));
  const pageSize = options.pageSize ?? 200;
  const run: SweepRun = { examined: 0, redriven: [], closed: [], unreadable: [] };
  const counters: Counters = {};
  let last: QueryDocumentSnapshot | null = null;
  for (let page = 0; page < (options.maxPages ?? 10); page++) {
    let query = deps.db
      .collection(COLLECTIONS.history)
      .where('status', 'in', SWEPT)
      .where('updatedAt', '<=', cutoff)
      .orderBy('updatedAt')
      .limit(pageSize);
    if (last) query = query.startAfter(last);
    const snap = await query.get();
    for (const doc of snap.docs) {
      run.examined += 1;
      await sweepOne(deps, doc, now, { graceMs, maxRedrives: options.maxRedrives }, run, counters);
    }
    if (snap.size < pageSize) break;
    last = snap.docs[snap.docs.length - 1] ?? null;
  }
  if (Object.keys(counters).length > 0) {
    const batch = deps.db.batch();
    addStats(batch, deps.db, now, counters);
    await batch.commit();
  }
  if (run.redriven.length + run.closed.length > 0) {
    logs.sweep(run.examined, run.redriven.length, run.closed.length);
  }
  return run;
}

async function sweepOne(
  deps: PipelineDeps,
  doc: QueryDocumentSnapshot,
  now: Date,
  options: { graceMs: number; maxRedrives?: number | undefined },
  run: SweepRun,
  counters: Counters,
): Promise<void> {
  const status = String(doc.get('status')) as NotificationStatus;
  const updatedAt = dateOf(doc.get('updatedAt'));
  const channel = typeof doc.get('channel') === 'string' ? String(doc.get('channel')) : 'unknown';
  const sweeps = Number(doc.get('sweeps') ?? 0);
  if (!updatedAt) run.unreadable.push(doc.id);
  const verdict: SweepVerdict = sweepVerdict(
    {
      status,
      updatedAt: updatedAt ?? new Date(0),
      notBefore: dateOf(doc.get('notBefore')),
      holdExpiresAt: dateOf(doc.get('holdExpiresAt')),
      sweeps: Number.isFinite(sweeps) ? sweeps : SWEEP_MAX_REDRIVES,
    },
    now,
    options,
  );
  if (verdict.action === 'redrive') {
    // The marker first: a sweep that dies before the enqueue is re-driven by the next one.
    const batch = deps.db.batch();
    addSweep(batch, deps.db, doc.id, now);
    await batch.commit();
    await deps.queue.enqueue({ notificationId: doc.id }, { id: `${doc.id}-sweep${sweeps + 1}` });
    logs.sweepRedriven(doc.id, status, verdict.overdueMs);
    run.redriven.push(doc.id);
    return;
  }
  if (verdict.action !== 'close') return;
  const batch = deps.db.batch();
  if (verdict.reason === 'hold_expired') {
    addSkip(batch, deps.db, {
      notificationId: doc.id,
      from: status,
      reason: 'hold_expired',
      reasonText: 'Budget mensuel épuisé : message retenu puis abandonné à expiration.',
      at: now,
      asErrorCode: true,
    });
    bump(counters, `${channel}_skipped`);
    bump(counters, `${channel}_hold_expired`);
  } else {
    const minutes = Math.round((now.getTime() - (updatedAt?.getTime() ?? 0)) / 60_000);
    addTransition(batch, deps.db, {
      notificationId: doc.id,
      from: status,
      to: 'failed',
      at: now,
      source: 'pipeline',
      detail: 'stuck',
      fields: {
        errorCode: 'stuck',
        errorMessage: `Non envoyé : resté « ${status} » ${minutes} min malgré ${sweeps} relance(s) automatique(s).`,
      },
    });
    bump(counters, `${channel}_failed`);
    bump(counters, `${channel}_error_stuck`);
  }
  batch.set(deps.db.collection(COLLECTIONS.alerts).doc(`stuck_${doc.id}`), {
    kind: verdict.reason === 'stuck' ? 'send_stuck' : 'hold_expired',
    notificationId: doc.id,
    status,
    at: ts(now),
    acknowledgedAt: null,
  });
  await batch.commit();
  logs.alert(verdict.reason === 'stuck' ? 'send_stuck' : 'hold_expired', {
    notificationId: doc.id,
    status,
  });
  run.closed.push({ notificationId: doc.id, reason: verdict.reason });
}

import {
  applyStatus,
  classifyTwilioError,
  isFinalStatus,
  type NotificationStatus,
  STATUS_RANK,
  shouldMarkPhone,
  summarizeStatuses,
  type TwilioMessageStatus,
} from '@omega/core';
import type { ForwardedEvent } from '@omega/forwarding';
import type {
  DocumentReference,
  DocumentSnapshot,
  QuerySnapshot,
  WriteBatch,
} from 'firebase-admin/firestore';
import { z } from 'zod';
import { addProviderOptOut, readSuppression } from '../consent/write.ts';
import { logs } from '../logs.ts';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { planAsyncRetry } from '../pipeline/plan/async-retry.ts';
import { planFallback } from '../pipeline/plan/fallback.ts';
import { isAlreadyExists } from '../store/claims.ts';
import { COLLECTIONS } from '../store/collections.ts';
import {
  addTransition,
  commitMonotonic,
  type HistoryRead,
  historyRef,
  readHistory,
} from '../store/history.ts';
import { markPhone } from '../store/phone-marks.ts';
import {
  addStats,
  bump,
  type Counters,
  counterName,
  deliveredLatencyCounter,
} from '../store/stats.ts';
import { ts } from '../store/timestamps.ts';

/** What the ingestion of one status callback did. */
export type StatusIngestOutcome =
  | {
      outcome: 'recorded';
      notificationId: string;
      status: TwilioMessageStatus;
      summary: TwilioMessageStatus;
      fallback: string | null;
      /** The resend scheduled after a transient failure (30003…), if any. */
      retry: string | null;
    }
  | { outcome: 'duplicate'; notificationId: string }
  | { outcome: 'unknown_notification'; messageSid: string }
  | { outcome: 'invalid'; message: string };

function param(event: ForwardedEvent, ...names: string[]): string | null {
  for (const name of names) {
    const value = event.params[name];
    if (typeof value === 'string' && value !== '') return value;
    if (Array.isArray(value) && value[0]) return value[0];
  }
  return null;
}

function isTwilioStatus(value: string): value is TwilioMessageStatus {
  return Object.hasOwn(STATUS_RANK, value);
}

/**
 * Ingests one Twilio status callback (forwarded by the edge worker):
 * 1. finds the notification by the `?n=` id of the callback URL (else by MessageSid);
 * 2. reads the event's own document `status_events/{MessageSid}_{status}`: a callback already
 *    recorded stops here (a duplicate), unless its follow-ups never finished (below);
 * 3. in ONE batch: `create()`s that document, sets the history's summary status to core's
 *    maximum rank over every stored event (and the status already recorded) under an
 *    update-time precondition, appends the timeline, counts the statistics, and acts on an
 *    asynchronous error as core classifies it (number marked, consent withdrawn, alert) — the
 *    event is recorded exactly when its effects are, so a redelivery after a failed commit does
 *    all of it, and one after the commit none of it again;
 * 4. the follow-ups the error calls for (WhatsApp → template / SMS fallback, the resend of a
 *    transient failure) are written on the event's document in that batch (`followUps`) and
 *    done after it, idempotently (deterministic ids, `create()`, task id = notification id);
 *    `followUpsDoneAt` is set last. A redelivery that finds the event recorded with its
 *    follow-ups not done (the instance died in between) does them then.
 */
export async function ingestStatusEvent(
  deps: PipelineDeps,
  event: ForwardedEvent,
): Promise<StatusIngestOutcome> {
  const sid = param(event, 'MessageSid', 'SmsSid');
  const rawStatus = param(event, 'MessageStatus', 'SmsStatus');
  if (!sid || !rawStatus || !isTwilioStatus(rawStatus)) {
    return {
      outcome: 'invalid',
      message: `status callback without a known status (${rawStatus ?? 'none'})`,
    };
  }
  const status = rawStatus;
  const errorCode = Number(param(event, 'ErrorCode')) || null;
  const history = deps.db.collection(COLLECTIONS.history);

  let notificationId = event.notificationId ?? null;
  if (!notificationId) {
    const found = await history.where('metadata.twilioMessageId', '==', sid).limit(1).get();
    notificationId = found.docs[0]?.id ?? null;
  }
  if (!notificationId) {
    logs.sendDuplicateIgnored(sid, 'status callback for an unknown message');
    return { outcome: 'unknown_notification', messageSid: sid };
  }
  const ref = history.doc(notificationId);
  const eventRef = ref.collection(COLLECTIONS.statusEvents).doc(`${sid}_${status}`);

  // The summary is recomputed from every stored event and written on the condition that the
  // history has not changed since it was read: concurrent callbacks retry with fresh events
  // instead of overwriting each other (the embedded test server ignores the condition).
  // The event's own document, the history and the stored events are read together; a
  // conflicting write (another callback committed in between) reads the last two again.
  const eventsOf = () => ref.collection(COLLECTIONS.statusEvents).get();
  const [recorded, first, firstEvents] = await Promise.all([eventRef.get(), ref.get(), eventsOf()]);
  if (recorded.exists) return resumeFollowUps(deps, { notificationId, eventRef, recorded });

  let result: Summary;
  try {
    result = await commitMonotonic(ref, first, async (snap: DocumentSnapshot) => {
      const events = snap === first ? firstEvents : await eventsOf();
      const summary = await summarize(deps, {
        snap,
        events,
        event,
        status,
        sid,
        errorCode,
        notificationId,
        eventRef,
      });
      await deps.faults?.hit('status_before_commit', notificationId);
      return { batch: summary.batch, value: summary };
    });
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
    // The same callback delivered concurrently committed first: it is recorded.
    return resumeFollowUps(deps, { notificationId, eventRef, recorded: await eventRef.get() });
  }
  await deps.faults?.hit('status_after_commit', notificationId);
  const { h, summary, followUps, snap } = result;
  const done =
    followUps && h ? await runFollowUps(deps, { notificationId, h, snap }, followUps) : null;
  if (done) await eventRef.update({ followUpsDoneAt: ts(deps.clock()), ...done });
  return {
    outcome: 'recorded',
    notificationId,
    status,
    summary,
    fallback: done?.fallback ?? null,
    retry: done?.retry ?? null,
  };
}

/** What an asynchronous error asks for after its event is recorded (stored on the event). */
interface FollowUps {
  /** A template retry or another channel (`planFallback`). */
  fallback: 'use_template' | 'switch_channel' | null;
  phoneStatus: 'invalid' | 'landline' | 'unknown_handset' | null;
  /** The error code of a transient failure core retries (30003…): the resend to schedule. */
  retryCode: number | null;
}

const followUpsSchema = z.object({
  fallback: z.enum(['use_template', 'switch_channel']).nullable(),
  phoneStatus: z.enum(['invalid', 'landline', 'unknown_handset']).nullable(),
  retryCode: z.number().nullable(),
});

/**
 * Plans the follow-ups of a recorded event. Each is idempotent: `planFallback` re-enqueues a
 * follow-up it finds already planned, `planAsyncRetry` creates its resend under a deterministic
 * id in one batch with its counter; both enqueue under the notification id.
 */
async function runFollowUps(
  deps: PipelineDeps,
  failed: { notificationId: string; h: HistoryRead; snap: DocumentSnapshot },
  followUps: FollowUps,
): Promise<{ fallback: string | null; retry: string | null }> {
  const { notificationId, h, snap } = failed;
  let fallback: string | null = null;
  if (followUps.fallback) {
    const planned = await planFallback(
      deps,
      {
        notificationId,
        history: h,
        changeId: String(snap.get('changeId') ?? ''),
        whatsappMode: (snap.get('metadata.whatsappMode') as string | null | undefined) ?? null,
      },
      { action: followUps.fallback, phoneStatus: followUps.phoneStatus },
    );
    fallback = planned?.notificationId ?? null;
  }
  let retry: string | null = null;
  if (followUps.retryCode !== null) {
    const classified = classifyTwilioError({
      code: followUps.retryCode,
      httpStatus: null,
      channel: h.channel === 'whatsapp' ? 'whatsapp' : 'sms',
    });
    retry = await planAsyncRetry(deps, { notificationId, snap, channel: h.channel }, classified);
  }
  return { fallback, retry };
}

/**
 * A callback whose event is already recorded: a duplicate, or the redelivery of one whose
 * instance died between the event's batch and its follow-ups — those are done now (from the
 * history as it is, which the event's batch already updated).
 */
async function resumeFollowUps(
  deps: PipelineDeps,
  input: { notificationId: string; eventRef: DocumentReference; recorded: DocumentSnapshot },
): Promise<StatusIngestOutcome> {
  const { notificationId, eventRef, recorded } = input;
  const pending = followUpsSchema.safeParse(recorded.get('followUps'));
  if (!pending.success || recorded.get('followUpsDoneAt')) {
    return { outcome: 'duplicate', notificationId };
  }
  const snap = await historyRef(deps.db, notificationId).get();
  const h = snap.exists ? readHistory(snap.data()) : null;
  if (!h) return { outcome: 'duplicate', notificationId };
  logs.sendDuplicateIgnored(notificationId, `status ${recorded.id} recorded: its follow-ups now`);
  const done = await runFollowUps(deps, { notificationId, h, snap }, pending.data);
  await eventRef.update({ followUpsDoneAt: ts(deps.clock()), ...done });
  return {
    outcome: 'recorded',
    notificationId,
    status: recorded.get('status') as TwilioMessageStatus,
    summary: h.status as TwilioMessageStatus,
    ...done,
  };
}

/** Core's `shouldMarkPhone` with the number's last message to us (its conversation). */
async function markStillBelieved(
  deps: PipelineDeps,
  e164: string,
  status: 'invalid' | 'landline' | 'unknown_handset',
  now: Date,
): Promise<boolean> {
  if (status !== 'unknown_handset') return true;
  const conversation = await deps.db.collection(COLLECTIONS.conversations).doc(e164).get();
  const last = (
    conversation.get('lastInboundAt') as { toDate?: () => Date } | undefined
  )?.toDate?.();
  return shouldMarkPhone(status, last ?? null, now);
}

interface Summary {
  batch: WriteBatch;
  h: HistoryRead | null;
  summary: TwilioMessageStatus;
  /** What the error asks for once the batch is committed (`null`: nothing). */
  followUps: FollowUps | null;
  snap: DocumentSnapshot;
}

/**
 * Prepares the batch that records one event from the history and every stored event: the
 * event's own document (`create()`), the summary status, the statistics and the error's
 * immediate effects.
 */
async function summarize(
  deps: PipelineDeps,
  input: {
    snap: DocumentSnapshot;
    events: QuerySnapshot;
    event: ForwardedEvent;
    status: TwilioMessageStatus;
    sid: string;
    errorCode: number | null;
    notificationId: string;
    eventRef: DocumentReference;
  },
): Promise<Summary> {
  const { snap, events, event, status, sid, errorCode, notificationId } = input;
  const now = deps.clock();
  const h = snap.exists ? readHistory(snap.data()) : null;
  const current = snap.get('status') as string | undefined;
  // The stored events and this one (its document commits in the batch below).
  let summary =
    summarizeStatuses([
      ...events.docs.map((d) => d.get('status') as TwilioMessageStatus),
      status,
    ]) ?? status;
  if (current && isTwilioStatus(current)) summary = applyStatus(current, summary).status;

  const at = ts(now);
  const update: Record<string, unknown> = {};
  if ((status === 'delivered' || status === 'read') && !snap.get('deliveredAt')) {
    update.deliveredAt = at;
  }
  if (errorCode && (status === 'failed' || status === 'undelivered')) {
    update.errorCode = errorCode;
    update.errorMessage = param(event, 'ErrorMessage');
  }
  if (!snap.get('metadata.twilioMessageId')) update['metadata.twilioMessageId'] = sid;

  const channel = (h?.channel ??
    (param(event, 'To')?.startsWith('whatsapp:') ? 'whatsapp' : 'sms')) as 'sms' | 'whatsapp';
  const counters: Counters = {};
  if (isFinalStatus(status)) bump(counters, `${channel}_${status}`);
  // From the stored creation time even when the document is not one the send task reads (an
  // automatic answer without a ticket): the same latency a statistics rebuild counts.
  const createdAt =
    h?.createdAt ?? (snap.get('createdAt') as { toDate?: () => Date } | undefined)?.toDate?.();
  if (status === 'delivered' && createdAt) {
    bump(counters, deliveredLatencyCounter(channel, now.getTime() - createdAt.getTime()));
  }
  if (errorCode) bump(counters, counterName(channel, 'error', errorCode));

  const failure =
    errorCode && h && (status === 'failed' || status === 'undelivered')
      ? {
          h,
          code: errorCode,
          ...classifyTwilioError({ code: errorCode, httpStatus: null, channel }),
        }
      : null;
  const fallback =
    failure?.action === 'switch_channel' || failure?.action === 'use_template'
      ? failure.action
      : null;
  const retryCode = failure?.action === 'retry' ? failure.code : null;
  const followUps: FollowUps | null =
    fallback || retryCode !== null
      ? { fallback, phoneStatus: failure?.phoneStatus ?? null, retryCode }
      : null;

  const batch = deps.db.batch();
  // The event's own document first: a batch that finds it (the same callback delivered
  // concurrently) fails before any other write, even on a server that applies writes in order.
  batch.create(input.eventRef, {
    messageSid: sid,
    status,
    errorCode,
    eventId: event.id,
    receivedAt: ts(new Date(event.receivedAt)),
    at,
    params: event.params,
    followUps,
    followUpsDoneAt: null,
  });
  // A callback for a document that is gone is kept as its status event only.
  if (snap.exists) {
    addTransition(batch, deps.db, {
      notificationId,
      from: (current ?? 'planned') as NotificationStatus,
      to: summary,
      timelineStatus: status,
      at: now,
      source: 'callback',
      detail: errorCode ? String(errorCode) : undefined,
      fields: update,
      readAt: snap.updateTime,
      onIllegal: 'keep',
    });
  }

  if (failure) {
    const { h, code } = failure;
    const phoneStatus = failure.phoneStatus;
    const owner = {
      e164: h.to ?? '',
      clientId: h.clientId,
      customerId: h.customerId,
      notificationId,
    };
    if (phoneStatus && h.to && (await markStillBelieved(deps, h.to, phoneStatus, now))) {
      markPhone(batch, deps.db, owner, { status: phoneStatus, code, channel, at: now });
    }
    if (failure.action === 'opt_out' && h.to) {
      // Our STOP confirmation refused by Twilio's own opt-out (21610), a second 63014…: the
      // withdrawal is already on record and is not recorded again.
      addProviderOptOut(
        batch,
        deps.db,
        { ...owner, e164: h.to },
        {
          channel,
          code,
          at: now,
          suppression: await readSuppression(deps.db, h.to),
          notificationId,
          counters,
        },
      );
    }
    if (failure.action === 'alert') {
      batch.set(deps.db.collection(COLLECTIONS.alerts).doc(`status_${notificationId}_${code}`), {
        kind: 'delivery_error',
        notificationId,
        code,
        message: failure.reason,
        at,
        acknowledgedAt: null,
      });
      logs.alert('delivery_error', { notificationId, code });
    }
  }
  addStats(batch, deps.db, now, counters);
  return { batch, h, summary, followUps, snap };
}

import {
  applyStatus,
  classifyTwilioError,
  isFinalStatus,
  type NotificationStatus,
  STATUS_RANK,
  summarizeStatuses,
  type TwilioErrorClass,
  type TwilioMessageStatus,
} from '@omega/core';
import type { ForwardedEvent } from '@omega/forwarding';
import type { DocumentSnapshot, QuerySnapshot, WriteBatch } from 'firebase-admin/firestore';
import { addProviderOptOut, readSuppression } from '../consent/write.ts';
import { logs } from '../logs.ts';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { planAsyncRetry } from '../pipeline/plan/async-retry.ts';
import { planFallback } from '../pipeline/plan/fallback.ts';
import { isAlreadyExists } from '../store/claims.ts';
import { COLLECTIONS } from '../store/collections.ts';
import { addTransition, commitMonotonic, type HistoryRead, readHistory } from '../store/history.ts';
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
 * 2. stores the event as its own document `status_events/{MessageSid}_{status}` with
 *    `create()` — a duplicate or retried callback stops here;
 * 3. sets the history's summary status to core's maximum rank over every stored event (and the
 *    status already recorded), so reordered or concurrent callbacks can neither lose nor
 *    regress anything; appends the timeline, counts the statistics;
 * 4. acts on an asynchronous error as core classifies it: number marked, consent withdrawn,
 *    WhatsApp → SMS fallback where allowed, alert (30007 filtering, …).
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
  const now = deps.clock();
  try {
    await ref
      .collection(COLLECTIONS.statusEvents)
      .doc(`${sid}_${status}`)
      .create({
        messageSid: sid,
        status,
        errorCode,
        eventId: event.id,
        receivedAt: ts(new Date(event.receivedAt)),
        at: ts(now),
        params: event.params,
      });
  } catch (error) {
    if (isAlreadyExists(error)) return { outcome: 'duplicate', notificationId };
    throw error;
  }

  // The summary is recomputed from every stored event and written on the condition that the
  // history has not changed since it was read: concurrent callbacks retry with fresh events
  // instead of overwriting each other (the embedded test server ignores the condition).
  // The history and its stored events are read together; a conflicting write (another
  // callback committed in between) reads both again.
  const eventsOf = () => ref.collection(COLLECTIONS.statusEvents).get();
  const [first, firstEvents] = await Promise.all([ref.get(), eventsOf()]);
  const result = await commitMonotonic(ref, first, async (snap: DocumentSnapshot) => {
    const events = snap === first ? firstEvents : await eventsOf();
    const summary = await summarize(deps, {
      snap,
      events,
      event,
      status,
      sid,
      errorCode,
      notificationId,
    });
    return { batch: summary.batch, value: summary };
  });
  const { h, summary, followUp, phoneStatus, changeId, whatsappMode, retryable, snap } = result;

  let fallback: string | null = null;
  if (followUp && h) {
    const planned = await planFallback(
      deps,
      { notificationId, history: h, changeId, whatsappMode },
      { action: followUp, phoneStatus: phoneStatus ?? null },
    );
    fallback = planned?.notificationId ?? null;
  }
  let retry: string | null = null;
  if (retryable && h) {
    retry = await planAsyncRetry(deps, { notificationId, snap, channel: h.channel }, retryable);
  }
  return { outcome: 'recorded', notificationId, status, summary, fallback, retry };
}

interface Summary {
  batch: WriteBatch;
  h: HistoryRead | null;
  summary: TwilioMessageStatus;
  /** What the error asks of a fallback: a template retry or another channel. */
  followUp: 'use_template' | 'switch_channel' | null;
  phoneStatus: 'invalid' | 'landline' | 'unknown_handset' | undefined;
  changeId: string;
  /** How the message went out on WhatsApp (`metadata.whatsappMode`). */
  whatsappMode: string | null;
  /** A transient error core retries (30003…): the resend to schedule. */
  retryable: TwilioErrorClass | null;
  snap: DocumentSnapshot;
}

/** Reads the history and every stored event, and prepares the batch that records them. */
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
  },
): Promise<Summary> {
  const { snap, events, event, status, sid, errorCode, notificationId } = input;
  const now = deps.clock();
  const h = snap.exists ? readHistory(snap.data()) : null;
  const current = snap.get('status') as string | undefined;
  let summary =
    summarizeStatuses(events.docs.map((d) => d.get('status') as TwilioMessageStatus)) ?? status;
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
  if (status === 'delivered' && h) {
    bump(counters, deliveredLatencyCounter(channel, now.getTime() - h.createdAt.getTime()));
  }
  if (errorCode) bump(counters, counterName(channel, 'error', errorCode));

  const batch = deps.db.batch();
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

  let followUp: Summary['followUp'] = null;
  let retryable: TwilioErrorClass | null = null;
  let phoneStatus: Summary['phoneStatus'];
  if (errorCode && h && (status === 'failed' || status === 'undelivered')) {
    const classified = classifyTwilioError({ code: errorCode, httpStatus: null, channel });
    phoneStatus = classified.phoneStatus;
    const owner = {
      e164: h.to ?? '',
      clientId: h.clientId,
      customerId: h.customerId,
      notificationId,
    };
    if (phoneStatus && h.to) {
      markPhone(batch, deps.db, owner, { status: phoneStatus, code: errorCode, channel, at: now });
    }
    if (classified.action === 'opt_out' && h.to) {
      // Our STOP confirmation refused by Twilio's own opt-out (21610), a second 63014…: the
      // withdrawal is already on record and is not recorded again.
      addProviderOptOut(
        batch,
        deps.db,
        { ...owner, e164: h.to },
        {
          channel,
          code: errorCode,
          at: now,
          suppression: await readSuppression(deps.db, h.to),
          notificationId,
          counters,
        },
      );
    }
    if (classified.action === 'alert') {
      batch.set(
        deps.db.collection(COLLECTIONS.alerts).doc(`status_${notificationId}_${errorCode}`),
        {
          kind: 'delivery_error',
          notificationId,
          code: errorCode,
          message: classified.reason,
          at,
          acknowledgedAt: null,
        },
      );
      logs.alert('delivery_error', { notificationId, code: errorCode });
    }
    if (classified.action === 'switch_channel' || classified.action === 'use_template') {
      followUp = classified.action;
    }
    if (classified.action === 'retry') retryable = classified;
  }
  addStats(batch, deps.db, now, counters);
  return {
    batch,
    h,
    summary,
    followUp,
    phoneStatus,
    changeId: String(snap.get('changeId') ?? ''),
    whatsappMode: (snap.get('metadata.whatsappMode') as string | null | undefined) ?? null,
    retryable,
    snap,
  };
}

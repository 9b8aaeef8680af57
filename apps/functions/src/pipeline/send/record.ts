import {
  type Channel,
  classifyTwilioError,
  decideRetry,
  estimateMessageCostEur,
  isMessagingChannel,
  type NotificationStatus,
  type PriceZone,
  type SkipReason,
} from '@omega/core';
import {
  type DocumentSnapshot,
  FieldValue,
  type Firestore,
  type WriteBatch,
} from 'firebase-admin/firestore';
import {
  type OutboundMessage,
  outboundFacts,
  type SendAccepted,
  SenderNotConfiguredError,
  type SendRefused,
} from '../../adapters/port.ts';
import { addProviderOptOut, readSuppression } from '../../consent/write.ts';
import { logs } from '../../logs.ts';
import { addPhotoSent } from '../../media/photos.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import {
  addSkip,
  addTransition,
  commitMonotonic,
  historyRef,
  IllegalTransitionError,
  statusOf,
} from '../../store/history.ts';
import { markPhone } from '../../store/phone-marks.ts';
import {
  addStats,
  bump,
  type Counters,
  counterName,
  sentLatencyCounter,
} from '../../store/stats.ts';
import { ts } from '../../store/timestamps.ts';
import type { PipelineDeps } from '../deps.ts';
import { skipReasonText } from '../reasons.ts';
import { contactCountField } from '../recipient.ts';
import { sendWith } from './adapters.ts';
import { findAtProvider, ReconcileUnavailableError } from './reconcile.ts';
import type { Built } from './render.ts';

/** What one run of the send task did. */
export type DispatchOutcome =
  | { outcome: 'sent'; providerId: string; status: NotificationStatus; attempt: number }
  | { outcome: 'skipped'; reason: SkipReason }
  | { outcome: 'failed'; code: string | number; action: string }
  | { outcome: 'duplicate'; why: string }
  | { outcome: 'rescheduled'; until: Date }
  | { outcome: 'retrying'; code: string | number; attempt: number; until: Date }
  | { outcome: 'held'; until: Date }
  | { outcome: 'missing' };

/** What rendering told about a sent message (recorded with it). */
export type RenderFacts = Pick<
  Extract<Built, { ok: true }>,
  'segments' | 'encoding' | 'whatsappMode' | 'contentSid' | 'experiment' | 'media'
>;

/** The fields of a message that recording its outcome needs. */
export interface SentMessage {
  notificationId: string;
  channel: Channel;
  to: string | null;
  priceZone: string | null;
  createdAt: Date;
  notBefore: Date | null;
  customerId: string | null;
  clientId: string | null;
}

function removeTokens(
  batch: WriteBatch,
  db: Firestore,
  customerId: string | null,
  tokens: readonly string[] | undefined,
) {
  if (!customerId || !tokens || tokens.length === 0) return;
  batch.set(
    db.collection(COLLECTIONS.profiles).doc(customerId),
    { pushTokens: FieldValue.arrayRemove(...tokens) },
    { merge: true },
  );
  for (const token of tokens) logs.pushTokenRemoved(customerId, token);
}

/** The staff alert of a send that needs them (`alerts/send_<id>`, one per notification). */
function addSendAlert(
  batch: WriteBatch,
  db: Firestore,
  notificationId: string,
  alert: { code: string | number; message: string; at: Date },
): void {
  batch.set(db.collection(COLLECTIONS.alerts).doc(`send_${notificationId}`), {
    kind: 'send_error',
    notificationId,
    code: alert.code,
    message: alert.message,
    at: ts(alert.at),
    acknowledgedAt: null,
  });
}

/**
 * Records that a claimed message will not go out after all (the send gate's skip): status
 * `skipped` with the reason, its timeline entry and counters, in one batch.
 */
export async function recordSkip(
  deps: PipelineDeps,
  m: Pick<SentMessage, 'notificationId' | 'channel'>,
  from: NotificationStatus,
  reason: SkipReason,
  now: Date,
): Promise<DispatchOutcome> {
  const batch = deps.db.batch();
  addSkip(batch, deps.db, {
    notificationId: m.notificationId,
    from,
    reason,
    reasonText: skipReasonText(reason),
    at: now,
  });
  addStats(batch, deps.db, now, {
    [`${m.channel}_skipped`]: 1,
    [counterName(m.channel, 'skip', reason)]: 1,
  });
  await batch.commit();
  logs.sendSkippedAtDispatch(m.notificationId, reason);
  return { outcome: 'skipped', reason };
}

/** Options of {@link sendAndRecord}. */
export interface SendAndRecordOptions {
  /** The history document as read at dispatch (its status and update time guard the writes). */
  snap: DocumentSnapshot;
  /** How many times the task queue already retried this task. */
  retryCount: number;
  /** Runs after a recorded success (an answer joins its conversation). */
  onSent?: (accepted: SendAccepted, message: OutboundMessage) => Promise<void>;
  /** Runs right before the provider is called (from then on the provider may have the message). */
  beforeCall?: (message: OutboundMessage) => Promise<void>;
  /**
   * Runs as soon as the provider has answered (accepted or refused), before anything is
   * recorded: from then on the claim is not released on a throw (the provider may have it).
   */
  onAnswer?: (accepted: SendAccepted | null) => Promise<void>;
}

/**
 * The common tail of every dispatch: a rendered message goes to its channel's adapter and the
 * outcome is recorded — a render failure, a missing sender, the provider's acceptance, or its
 * refusal (classified, maybe retried).
 */
export async function sendAndRecord(
  deps: PipelineDeps,
  m: SentMessage,
  attempt: number,
  start: Date,
  built: Built,
  options: SendAndRecordOptions,
): Promise<DispatchOutcome> {
  if (!built.ok) {
    return recordFailure(deps, m, attempt, start, options.snap, {
      code: built.code,
      message: built.message,
      action: 'fail',
      httpStatus: null,
    });
  }
  await deps.faults?.hit('before_provider_call', m.notificationId);
  await options.beforeCall?.(built.message);
  let result: Awaited<ReturnType<typeof sendWith>>;
  try {
    result = await sendWith(deps, built.message);
  } catch (error) {
    // Settings that name no sender: the adapter refused before any request.
    if (!(error instanceof SenderNotConfiguredError)) throw error;
    result = undefined;
  }
  if (result && !result.ok && result.error.ambiguous) {
    // The provider may have it: ask right away (Twilio lists a message as soon as it exists).
    const found = await findQuietly(deps, m.notificationId, built.message, start);
    if (found) {
      logs.sendReconciled(m.notificationId, attempt, found.providerId);
      result = { ok: true, value: { ...found, status: found.status as SendAccepted['status'] } };
    }
  }
  await options.onAnswer?.(result?.ok ? result.value : null);
  await deps.faults?.hit('after_provider_call', m.notificationId);
  const now = deps.clock();
  if (!result) {
    return recordFailure(deps, m, attempt, now, options.snap, {
      code: 'channel_not_configured',
      message: `no ${m.channel} sender configured (settings: a Messaging Service or a sender)`,
      action: 'fail',
      httpStatus: null,
    });
  }
  if (!result.ok) {
    const outcome = await handleRefusal(deps, m, attempt, now, options.snap, result.error);
    if (outcome.outcome !== 'duplicate') return outcome;
    // Refused or unanswered, yet the provider's callbacks already moved the message on: it
    // has it (an answer lost that a look-up could not find in time). Recorded as sent.
    return (await recordReportedByCallbacks(deps, m, attempt, now, built)) ?? outcome;
  }
  const outcome = await recordSuccess(deps, m, attempt, now, result.value, built, options.snap);
  await options.onSent?.(result.value, built.message);
  return outcome;
}

async function recordReportedByCallbacks(
  deps: PipelineDeps,
  m: SentMessage,
  attempt: number,
  now: Date,
  built: RenderFacts,
): Promise<DispatchOutcome | null> {
  const snap = await historyRef(deps.db, m.notificationId).get();
  const providerId = snap.get('metadata.twilioMessageId') as string | undefined;
  if (!providerId || snap.get('sentAt')) return null;
  logs.sendReconciled(m.notificationId, attempt, providerId);
  return recordSuccess(
    deps,
    m,
    attempt,
    now,
    { providerId, status: 'queued', segments: null },
    built,
    snap,
  );
}

/** {@link findAtProvider} right after an ambiguous refusal; a provider that does not answer is asked again by the next attempt. */
async function findQuietly(
  deps: PipelineDeps,
  notificationId: string,
  message: OutboundMessage,
  since: Date,
) {
  try {
    return await findAtProvider(deps, notificationId, outboundFacts(message), since);
  } catch (error) {
    if (!(error instanceof ReconcileUnavailableError)) throw error;
    logs.unexpected(`reconcile ${notificationId}`, error);
    return null;
  }
}

/**
 * Records the provider's acceptance: provider id, status (core's state machine: a callback that
 * already moved it further wins), segments, encoding, estimated cost, attempts, statistics and
 * the recipient's contact count, in one batch through the monotonic-update helper.
 */
export async function recordSuccess(
  deps: PipelineDeps,
  m: SentMessage,
  attempt: number,
  now: Date,
  accepted: SendAccepted,
  built: RenderFacts,
  first: DocumentSnapshot,
): Promise<DispatchOutcome> {
  const settings = await deps.settings.get();
  const segments = accepted.segments ?? built.segments;
  const zone = (m.priceZone ?? 'fr_metro') as PriceZone;
  const cost = estimateMessageCostEur(
    m.channel,
    { segments: segments ?? 1, zone },
    settings.core.prices,
  );
  const twilio = isMessagingChannel(m.channel);
  const at = ts(now);
  const started = Math.max(m.createdAt.getTime(), m.notBefore?.getTime() ?? 0);
  const counters: Counters = {};
  bump(counters, `${m.channel}_sent`);
  bump(counters, sentLatencyCounter(m.channel, now.getTime() - started));
  if (segments) bump(counters, `${m.channel}_segments`, segments);
  if (cost > 0) {
    bump(counters, `${m.channel}_cost_eur`, cost);
    bump(counters, 'cost_eur_total', cost);
  }
  const ref = historyRef(deps.db, m.notificationId);
  const status = await commitMonotonic(ref, first, async (snap) => {
    const batch = deps.db.batch();
    const known = snap.get('metadata.twilioMessageId') ?? snap.get('metadata.providerMessageId');
    if (known === accepted.providerId && snap.get('sentAt')) {
      // Recorded already (the lease check adopted it while this holder was still waiting for
      // the answer, or the other way round): nothing is written or counted twice.
      return { batch, value: (statusOf(snap) ?? accepted.status) as NotificationStatus };
    }
    const recorded = addTransition(batch, deps.db, {
      notificationId: m.notificationId,
      from: statusOf(snap) ?? 'planned',
      to: accepted.status,
      at: now,
      source: 'provider',
      readAt: snap.updateTime,
      fields: {
        sentAt: at,
        attempts: attempt,
        'metadata.twilioMessageId': twilio ? accepted.providerId : null,
        'metadata.providerMessageId': twilio ? null : accepted.providerId,
        'metadata.cost': cost,
        'metadata.segments': segments,
        'metadata.encoding': built.encoding,
        'metadata.whatsappMode': built.whatsappMode,
        'metadata.contentSid': built.contentSid,
        // The wording experiment's arm (only on messages sent during one: docs/data-model.md).
        ...(built.experiment ? { experiment: built.experiment } : {}),
        // The ticket photo it carried as media (the photo is marked sent in this batch).
        ...(built.media ? { 'metadata.media': built.media } : {}),
        // Where the trigger → accepted latency starts (a deferral's or a retry's time), so a
        // statistics rebuild counts the same bucket (`stats/recompute.ts`).
        'metadata.sendWaitedUntil': m.notBefore ? ts(m.notBefore) : null,
        pricePending: twilio,
        ambiguousAttempt: null,
        notBefore: null,
      },
    });
    addStats(batch, deps.db, now, counters);
    if (twilio && m.to) {
      batch.set(
        deps.db.collection(COLLECTIONS.contactCounts).doc(m.to),
        { [contactCountField(now)]: FieldValue.increment(1) },
        { merge: true },
      );
    }
    removeTokens(batch, deps.db, m.customerId, accepted.invalidTokens);
    if (built.media)
      addPhotoSent(batch, deps.db, built.media, {
        notificationId: m.notificationId,
        channel: m.channel,
        at: now,
      });
    return { batch, value: recorded };
  });
  logs.sendSucceeded({
    notificationId: m.notificationId,
    channel: m.channel,
    to: m.to ?? '',
    providerId: accepted.providerId,
    status,
    segments,
    costEur: cost,
  });
  return { outcome: 'sent', providerId: accepted.providerId, status, attempt };
}

/** A failure to record on a history document. */
export interface FailureInput {
  code: string | number;
  message: string;
  action: string;
  httpStatus: number | null;
  /** Set on a retried failure: when the next attempt runs. */
  retryAt?: Date | null;
  /** Set when the provider may hold the message although it refused or did not answer. */
  ambiguous?: boolean;
}

/**
 * Records a failed attempt: `error` (to be retried) or `failed`, the error entry, counters and
 * the caller's side effects (`extra`: consent withdrawn, number marked, alert), in one batch.
 * When the provider already reported the message further (a callback of an earlier attempt
 * Twilio had accepted), core's state machine refuses the move: only the error entry is kept,
 * the status and the counters stay the provider's — the message is not failed, and not resent.
 */
export async function recordFailure(
  deps: PipelineDeps,
  m: SentMessage,
  attempt: number,
  now: Date,
  first: DocumentSnapshot,
  failure: FailureInput,
  extra?: (batch: WriteBatch, counters: Counters) => void,
  retrying = false,
): Promise<DispatchOutcome> {
  const at = ts(now);
  const status: NotificationStatus = retrying ? 'error' : 'failed';
  const ref = historyRef(deps.db, m.notificationId);
  const errorEntry = {
    at,
    attempt,
    code: failure.code,
    httpStatus: failure.httpStatus,
    action: failure.action,
    message: failure.message,
    ...(failure.ambiguous ? { ambiguous: true } : {}),
  };
  const recorded = await commitMonotonic(ref, first, async (snap) => {
    const batch = deps.db.batch();
    try {
      addTransition(batch, deps.db, {
        notificationId: m.notificationId,
        from: statusOf(snap) ?? 'planned',
        to: status,
        at: now,
        source: 'provider',
        by: 'pipeline',
        detail: String(failure.code),
        readAt: snap.updateTime,
        fields: {
          attempts: attempt,
          errorCode: failure.code,
          errorMessage: failure.message,
          errors: FieldValue.arrayUnion(errorEntry),
          // The next attempt looks for an ambiguous one at the provider before resending.
          ambiguousAttempt: failure.ambiguous ? attempt : null,
          notBefore: failure.retryAt ? ts(failure.retryAt) : null,
        },
      });
    } catch (error) {
      if (!(error instanceof IllegalTransitionError)) throw error;
      const late = deps.db.batch();
      late.update(ref, { errors: FieldValue.arrayUnion({ ...errorEntry, ignored: true }) });
      return { batch: late, value: error };
    }
    const counters: Counters = {};
    bump(counters, retrying ? `${m.channel}_retried` : `${m.channel}_failed`);
    bump(counters, counterName(m.channel, 'error', failure.code));
    extra?.(batch, counters);
    addStats(batch, deps.db, now, counters);
    return { batch, value: null };
  });
  if (recorded instanceof IllegalTransitionError) {
    logs.sendDuplicateIgnored(m.notificationId, `failure not recorded: ${recorded.message}`);
    return { outcome: 'duplicate', why: recorded.message };
  }
  logs.sendFailed({
    notificationId: m.notificationId,
    channel: m.channel,
    to: m.to ?? '',
    code: String(failure.code),
    providerCode: typeof failure.code === 'number' ? failure.code : null,
    httpStatus: failure.httpStatus,
    action: failure.action,
    message: failure.message,
  });
  return { outcome: 'failed', code: failure.code, action: failure.action };
}

/**
 * A provider refusal, classified by core (`classifyTwilioError` for SMS/WhatsApp, the adapter's
 * `retryable` for email and push): transient errors are recorded `error` and retried through
 * the queue (429 always, others while core's retry policy allows); a refused number is marked;
 * an opt-out (21610) withdraws consent and suppresses the number through the consent module;
 * an error that needs staff raises an alert. Every path records like the others, whatever
 * created the message.
 */
export async function handleRefusal(
  deps: PipelineDeps,
  m: SentMessage,
  attempt: number,
  now: Date,
  first: DocumentSnapshot,
  refused: SendRefused,
): Promise<DispatchOutcome> {
  const code = refused.providerCode ?? refused.code;
  const failure = (action: string): FailureInput => ({
    code,
    message: refused.message,
    action,
    httpStatus: refused.httpStatus,
  });
  const owner = {
    e164: m.to ?? '',
    clientId: m.clientId,
    customerId: m.customerId,
    notificationId: m.notificationId,
  };
  const channel: Channel = m.channel;

  let action: string;
  let phoneStatus: 'invalid' | 'landline' | 'unknown_handset' | undefined;
  let classifiedHints: RetryHints = {};
  if (channel === 'sms' || channel === 'whatsapp') {
    const classified = classifyTwilioError({
      code: typeof refused.providerCode === 'number' ? refused.providerCode : null,
      httpStatus: refused.httpStatus,
      channel,
    });
    action = classified.action;
    phoneStatus = classified.phoneStatus;
    classifiedHints = { maxAttempts: classified.maxAttempts, minDelayMs: classified.minDelayMs };
  } else {
    action = refused.retryable ? 'retry' : 'fail';
  }

  const removeInvalid = (batch: WriteBatch) =>
    removeTokens(batch, deps.db, m.customerId, refused.invalidTokens);
  if (action === 'retry') {
    return scheduleRetry(
      deps,
      m,
      attempt,
      now,
      first,
      refused,
      failure,
      classifiedHints,
      removeInvalid,
    );
  }
  const messaging = channel === 'sms' || channel === 'whatsapp';
  // A withdrawal already on record (e.g. the STOP this message confirms) is not recorded twice.
  const suppression =
    action === 'opt_out' && messaging && m.to ? await readSuppression(deps.db, m.to) : null;
  return recordFailure(deps, m, attempt, now, first, failure(action), (batch, counters) => {
    removeInvalid(batch);
    if (!messaging || !m.to) return;
    if (phoneStatus) {
      markPhone(batch, deps.db, owner, {
        status: phoneStatus,
        code: typeof refused.providerCode === 'number' ? refused.providerCode : null,
        channel,
        at: now,
      });
    }
    if (action === 'opt_out') {
      addProviderOptOut(
        batch,
        deps.db,
        { customerId: m.customerId, clientId: m.clientId, e164: m.to },
        {
          channel,
          code: typeof refused.providerCode === 'number' ? refused.providerCode : 21610,
          at: now,
          suppression,
          notificationId: m.notificationId,
          counters,
        },
      );
    }
    if (action === 'alert') {
      addSendAlert(batch, deps.db, m.notificationId, { code, message: refused.message, at: now });
    }
  });
}

/** A classification's hints for the retry rule. */
type RetryHints = { maxAttempts?: number | undefined; minDelayMs?: number | undefined };

/**
 * A transient refusal, retried by core's one rule ({@link decideRetry}): the failure is recorded
 * `error` with the next attempt's time (`notBefore`) and, when the provider may hold the message,
 * the attempt to reconcile first (`ambiguousAttempt`); then the next attempt's task is queued
 * for that time under a deterministic id (a redelivered run queues nothing twice). A run that
 * dies between the two leaves `error` with a past `notBefore`: the sweeper re-drives it. When
 * the rule gives up: `failed`, with an alert when the provider kept rate limiting us.
 */
async function scheduleRetry(
  deps: PipelineDeps,
  m: SentMessage,
  attempt: number,
  now: Date,
  first: DocumentSnapshot,
  refused: SendRefused,
  failure: (action: string) => FailureInput,
  hints: RetryHints,
  removeInvalid: (batch: WriteBatch) => void,
): Promise<DispatchOutcome> {
  const settings = await deps.settings.get();
  const rateLimited = refused.httpStatus === 429;
  const decision = decideRetry({
    attempt,
    classified: hints,
    policy: settings.core.retry,
    random: deps.random(),
    rateLimited: rateLimited ? { retryAfterMs: refused.retryAfterMs ?? null } : undefined,
  });
  const ambiguous = refused.ambiguous === true;
  if (!decision.retry) {
    return recordFailure(
      deps,
      m,
      attempt,
      now,
      first,
      { ...failure(decision.reason), ambiguous },
      (batch) => {
        removeInvalid(batch);
        if (decision.reason !== 'rate_limit_exhausted') return;
        addSendAlert(batch, deps.db, m.notificationId, {
          code: failure('retry').code,
          message: `Twilio limite encore le débit après ${attempt} tentatives : message non envoyé.`,
          at: now,
        });
      },
    );
  }
  const retryAt = new Date(now.getTime() + decision.delayMs);
  const outcome = await recordFailure(
    deps,
    m,
    attempt,
    now,
    first,
    { ...failure('retry'), retryAt, ambiguous },
    removeInvalid,
    true,
  );
  if (outcome.outcome !== 'failed') return outcome;
  await deps.queue.enqueue(
    { notificationId: m.notificationId },
    { scheduleTime: retryAt, id: `${m.notificationId}-a${attempt + 1}` },
  );
  logs.sendRetryScheduled(m.notificationId, attempt, String(outcome.code), retryAt);
  return { outcome: 'retrying', code: outcome.code, attempt, until: retryAt };
}

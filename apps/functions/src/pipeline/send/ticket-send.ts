import {
  applyStatus,
  type Channel,
  classifyTwilioError,
  estimateMessageCostEur,
  isMessagingChannel,
  type NotificationKind,
  type NotificationStatus,
  nextRetryDelay,
  type PriceZone,
  recheck,
  type SkipReason,
  STATUS_RANK,
  type TwilioMessageStatus,
  whatsappSendMode,
} from '@omega/core';
import { render, type VariableTypes } from '@omega/templates';
import {
  type DocumentReference,
  FieldValue,
  type Firestore,
  type Timestamp,
  type WriteBatch,
} from 'firebase-admin/firestore';
import type { OutboundMessage, SendAccepted, SendRefused } from '../../adapters/port.ts';
import { logs } from '../../logs.ts';
import { claimAlongside } from '../../store/claims.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import { parseDoc, ticketSchema } from '../../store/documents.ts';
import {
  appendTimeline,
  DISPATCHABLE,
  type HistoryRead,
  readHistory,
  timelineEntry,
} from '../../store/history.ts';
import {
  markPhone,
  readSuppressionScope,
  withdrawConsentFromError,
} from '../../store/phone-marks.ts';
import {
  addStats,
  bump,
  type Counters,
  counterName,
  sentLatencyCounter,
} from '../../store/stats.ts';
import { ts } from '../../store/timestamps.ts';
import type { PipelineDeps, SendTask } from '../deps.ts';
import { planFallback } from '../plan/fallback.ts';
import { skipReasonText } from '../reasons.ts';
import { contactCountField, type LoadedRecipient, loadRecheckState } from '../recipient.ts';
import { ticketLink } from '../short-links.ts';
import { statusCallbackUrl } from '../status-callback.ts';
import { templateVariables } from '../variables.ts';
import { AUTO_REPLY_ORIGIN, dispatchReply } from './reply-send.ts';

/** Thrown to make the task queue retry the send later (transient error). */
export class RetryableSendError extends Error {
  readonly notificationId: string;
  readonly code: number | string | null;
  constructor(notificationId: string, code: number | string | null, message: string) {
    super(`send ${notificationId} will be retried: ${message}`);
    this.name = 'RetryableSendError';
    this.notificationId = notificationId;
    this.code = code;
  }
}

/** What one run of the send task did. */
export type DispatchOutcome =
  | { outcome: 'sent'; providerId: string; status: NotificationStatus; attempt: number }
  | { outcome: 'skipped'; reason: SkipReason }
  | { outcome: 'failed'; code: string | number; action: string }
  | { outcome: 'duplicate'; why: string }
  | { outcome: 'rescheduled'; until: Date }
  | { outcome: 'missing' };

/** Firestore's gRPC status for a failed precondition (the document changed since it was read). */
const FAILED_PRECONDITION = 9;

const TWILIO_STATUSES = new Set<string>(Object.keys(STATUS_RANK));
function isTwilioStatus(status: string): status is TwilioMessageStatus {
  return TWILIO_STATUSES.has(status);
}

/** The fields of a history document that recording a send's outcome needs. */
export type SentHistory = Pick<
  HistoryRead,
  'channel' | 'to' | 'priceZone' | 'createdAt' | 'notBefore' | 'customerId' | 'clientId'
>;

/** Default lease of a send claim. */
export const DEFAULT_LEASE_MS = 60_000;

/** A rendered message ready for its adapter, or why it could not be rendered. */
export type Built =
  | {
      ok: true;
      message: OutboundMessage;
      segments: number | null;
      encoding: string | null;
      whatsappMode: string | null;
      contentSid: string | null;
    }
  | { ok: false; code: string; message: string };

async function buildMessage(
  deps: PipelineDeps,
  notificationId: string,
  h: HistoryRead,
  loaded: LoadedRecipient,
  ticket: ReturnType<typeof ticketSchema.parse>,
  now: Date,
): Promise<Built> {
  const settings = await deps.settings.get();
  const link = ticketLink(h.ticketId, {
    domain: settings.shortLinkDomain ?? deps.config.shortLinkDomain,
    secret: deps.config.shortLinkSecret,
    generation: ticket.shortLinkGeneration,
  });
  const vars = templateVariables({
    kind: h.kind,
    ticketId: h.ticketId,
    ticket,
    firstName: loaded.firstName,
    link,
    shop: settings.shop,
    now,
    extra: h.variables,
  });
  return renderOutbound(
    deps,
    notificationId,
    {
      channel: h.channel,
      kind: h.kind,
      to: h.to,
      vars,
      locale: loaded.locale,
      // A template-only retry (after a 63016) ignores the window we believed open.
      lastInboundWhatsAppAt: h.templateOnly
        ? null
        : (loaded.recipient.lastInboundWhatsAppAt ?? null),
      pushTokens: loaded.profile?.pushTokens ?? [],
      ticketId: h.ticketId,
    },
    now,
  );
}

/** What {@link renderOutbound} needs: the message's kind, channel, address and variables. */
export interface RenderInput {
  channel: Channel;
  kind: NotificationKind;
  to: string | null;
  vars: Partial<VariableTypes>;
  locale: 'fr' | 'en';
  /** The recipient's last inbound WhatsApp message (free text inside the 24 h window). */
  lastInboundWhatsAppAt: Date | null;
  pushTokens: readonly string[];
  ticketId: string | null;
}

/**
 * Renders a message with the templates and builds what the channel's adapter sends (sender
 * settings, status-callback URL; WhatsApp free text inside the window, else the approved
 * template). Shared by ticket notifications and automatic replies.
 */
export async function renderOutbound(
  deps: PipelineDeps,
  notificationId: string,
  input: RenderInput,
  now: Date,
): Promise<Built> {
  const settings = await deps.settings.get();
  const h = input;
  const vars = input.vars;
  const options = { locale: input.locale };
  const to = h.to ?? '';
  const fail = (error: { code: string; message: string }): Built => ({
    ok: false,
    code: `template_${error.code}`,
    message: error.message,
  });
  // biome-ignore lint/suspicious/noExplicitAny: variables come from Firestore; the templates check them at runtime
  const anyVars = vars as any;
  switch (h.channel) {
    case 'sms': {
      const r = render(h.kind, 'sms', anyVars, options);
      if (!r.ok) return fail(r.error);
      const sender = settings.twilio.messagingServiceSid
        ? { messagingServiceSid: settings.twilio.messagingServiceSid }
        : { from: settings.twilio.smsFrom };
      return {
        ok: true,
        message: {
          channel: 'sms',
          notificationId,
          to,
          body: r.value.text,
          sender,
          statusCallback: statusCallbackUrl(deps.config.edgePublicUrl, notificationId),
        },
        segments: r.value.segments,
        encoding: r.value.encoding,
        whatsappMode: null,
        contentSid: null,
      };
    }
    case 'whatsapp': {
      const r = render(h.kind, 'whatsapp', anyVars, options);
      if (!r.ok) return fail(r.error);
      const mode = whatsappSendMode(input.lastInboundWhatsAppAt, now);
      const sender = settings.twilio.messagingServiceSid
        ? { messagingServiceSid: settings.twilio.messagingServiceSid }
        : { from: settings.twilio.whatsappFrom };
      const statusCallback = statusCallbackUrl(deps.config.edgePublicUrl, notificationId);
      if (mode === 'free_text') {
        return {
          ok: true,
          message: {
            channel: 'whatsapp',
            notificationId,
            to,
            sender,
            statusCallback,
            content: { mode, body: r.value.text },
          },
          segments: 1,
          encoding: null,
          whatsappMode: mode,
          contentSid: null,
        };
      }
      const template = settings.whatsappTemplates[r.value.template.friendlyName];
      if (template?.approval !== 'approved') {
        return {
          ok: false,
          code: 'no_approved_template',
          message: `outside the 24 h window and template ${r.value.template.friendlyName} is ${template ? template.approval : 'not synchronised'}`,
        };
      }
      return {
        ok: true,
        message: {
          channel: 'whatsapp',
          notificationId,
          to,
          sender,
          statusCallback,
          content: {
            mode,
            contentSid: template.contentSid,
            variables: r.value.template.contentVariables,
          },
        },
        segments: 1,
        encoding: null,
        whatsappMode: mode,
        contentSid: template.contentSid,
      };
    }
    case 'email': {
      const r = render(h.kind, 'email', anyVars, options);
      if (!r.ok) return fail(r.error);
      return {
        ok: true,
        message: {
          channel: 'email',
          notificationId,
          to,
          from: deps.config.mailFrom,
          subject: r.value.subject,
          text: r.value.text,
          html: r.value.html,
        },
        segments: null,
        encoding: null,
        whatsappMode: null,
        contentSid: null,
      };
    }
    case 'push': {
      const r = render(h.kind, 'push', anyVars, options);
      if (!r.ok) return fail(r.error);
      const data: Record<string, string> = { kind: h.kind };
      if (h.ticketId) data.ticketId = h.ticketId;
      if (r.value.link) data.link = r.value.link;
      return {
        ok: true,
        message: {
          channel: 'push',
          notificationId,
          tokens: [...input.pushTokens],
          title: r.value.title,
          body: r.value.body,
          data,
        },
        segments: null,
        encoding: null,
        whatsappMode: null,
        contentSid: null,
      };
    }
  }
}

/** Sends through the channel's adapter (undefined when the channel has none). */
export function sendWith(deps: PipelineDeps, message: OutboundMessage) {
  const s = deps.senders;
  switch (message.channel) {
    case 'sms':
      return s.sms?.send(message);
    case 'whatsapp':
      return s.whatsapp?.send(message);
    case 'email':
      return s.email?.send(message);
    case 'push':
      return s.push?.send(message);
  }
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

/**
 * The send task's handler. Claim → recheck → render → send → record:
 * 1. reads the history document; anything already past `planned`/`deferred`/`error` is a
 *    duplicate dispatch and returns;
 * 2. claims attempt `attempts + 1` by `create()` of `send_claims/{id}~{attempt}`, so of any
 *    number of concurrent dispatches exactly one calls the provider;
 * 3. reads the ticket and the recipient again and asks core's `recheck` (superseded status,
 *    consent, suppression, phone mark, channel switch). Steps 2 and 3 share a round trip; a
 *    claim won while the reads failed is released before the error propagates (nothing was
 *    sent, so the queue's retry must be able to claim the same attempt);
 * 4. renders the template and sends through the channel's adapter;
 * 5. records the provider id, status, segments, estimated €, attempts and statistics in one
 *    batch, or the error through core's `classifyTwilioError`: numbers marked, 21610 withdraws
 *    consent and suppresses, transient errors throw {@link RetryableSendError} (the queue
 *    retries with its backoff; 429 always, others while core's retry policy allows).
 */
export async function dispatchSend(
  deps: PipelineDeps,
  task: SendTask,
  context: { retryCount: number; id?: string } = { retryCount: 0 },
): Promise<DispatchOutcome> {
  const { notificationId } = task;
  const historyRef = deps.db.collection(COLLECTIONS.history).doc(notificationId);
  // The settings come from a short cache; when it is cold they are read alongside the history.
  const [snap, settings] = await Promise.all([historyRef.get(), deps.settings.get()]);
  // An automatic answer to an inbound message has no ticket event behind it: its own path.
  if (snap.get('origin') === AUTO_REPLY_ORIGIN) return dispatchReply(deps, task, context, snap);
  const h = snap.exists ? readHistory(snap.data()) : null;
  if (!h) {
    logs.sendDuplicateIgnored(notificationId, 'no such notification');
    return { outcome: 'missing' };
  }
  if (!DISPATCHABLE.has(h.status) || h.providerId) {
    logs.sendDuplicateIgnored(notificationId, `status ${h.status}`);
    return { outcome: 'duplicate', why: `status ${h.status}` };
  }
  const now = deps.clock();
  if (h.notBefore && h.notBefore.getTime() > now.getTime() + 1_000) {
    // Dispatched early (a queue without scheduling, or a manual run): put it back for its time.
    await deps.queue.enqueue(task, {
      scheduleTime: h.notBefore,
      id: `${notificationId}-at${h.notBefore.getTime()}`,
    });
    logs.sendDeferred(notificationId, h.notBefore, 'not before');
    return { outcome: 'rescheduled', until: h.notBefore };
  }

  const attempt = h.attempts + 1;
  const messaging = isMessagingChannel(h.channel);
  // The claim and the fresh reads for the recheck go out together: one round trip for the
  // claim (a `create()`), one batched read for the ticket, the recipient and the suppression
  // entry of the number. The reads are only used by the dispatch that wins the claim.
  const [claim, { ticketSnap, loaded }] = await claimAlongside(
    deps.db,
    {
      notificationId,
      attempt,
      now,
      leaseMs: deps.config.leaseMs ?? DEFAULT_LEASE_MS,
      owner: context.id ?? `run-${context.retryCount}`,
    },
    loadRecheckState(deps.db, {
      ticketId: h.ticketId,
      clientId: h.clientId ?? '',
      customerId: h.customerId,
      e164: messaging ? h.to : null,
    }),
  );
  if (!claim.claimed) {
    if (!claim.expired) {
      logs.sendDuplicateIgnored(notificationId, `attempt ${attempt} claimed by another dispatch`);
      return { outcome: 'duplicate', why: `attempt ${attempt} claimed` };
    }
    // The holder stopped without recording a result: the provider may or may not have the
    // message. Never send twice: record it for the reconciliation schedule and staff.
    await historyRef.update({
      status: 'error',
      errorCode: 'lease_expired',
      errorMessage: `attempt ${attempt} was claimed and never recorded; not resent (reconciliation checks the provider)`,
      updatedAt: ts(now),
      timeline: appendTimeline(timelineEntry('error', ts(now), 'pipeline', 'lease_expired')),
    });
    logs.alert('lease_expired', { notificationId, attempt });
    return { outcome: 'failed', code: 'lease_expired', action: 'alert' };
  }
  logs.sendClaimed(notificationId, attempt);

  const ticketParsed = ticketSnap.exists ? parseDoc(ticketSchema, ticketSnap.data()) : null;
  const ticket = ticketParsed?.ok ? ticketParsed.value : null;
  const decision = recheck(
    {
      kind: h.kind,
      channel: h.channel,
      ticketStatus: h.ticketStatus,
      e164: messaging ? h.to : null,
    },
    { ticketStatus: ticket?.status ?? null, recipient: loaded.recipient, settings: settings.core },
  );
  if (decision.action === 'skip' || !ticket) {
    const reason: SkipReason = decision.action === 'skip' ? decision.reason : 'superseded';
    return recordSkipAtDispatch(
      deps,
      { ref: historyRef, notificationId, channel: h.channel },
      reason,
      now,
    );
  }

  const built = await buildMessage(deps, notificationId, h, loaded, ticket, now);
  const outcome = await sendAndRecord(deps, h, notificationId, attempt, now, built, {
    readAt: snap.updateTime,
    retryCount: context.retryCount,
  });
  const followUp = outcome.outcome === 'failed' ? sendTimeFollowUp(h.channel, outcome) : null;
  if (followUp) {
    // A WhatsApp message refused before it left (no approved template outside the window, no
    // WhatsApp sender, an error core says another channel can cover): the same event goes out
    // on the channel that takes over, exactly as after a delivery failure.
    await planFallback(
      deps,
      {
        notificationId,
        history: h,
        changeId: String(snap.get('changeId') ?? notificationId),
        whatsappMode: built.ok ? built.whatsappMode : null,
      },
      { action: followUp, phoneStatus: null },
    );
  }
  return outcome;
}

/** Send-time failures of WhatsApp that a template or another channel can cover. */
const FALLBACK_CODES = new Set(['no_approved_template', 'channel_not_configured']);

/** What a failed WhatsApp send asks of a fallback, or `null` (pure). */
export function sendTimeFollowUp(
  channel: Channel,
  outcome: { code: string | number; action: string },
): 'use_template' | 'switch_channel' | null {
  if (channel !== 'whatsapp') return null;
  if (outcome.action === 'use_template') return 'use_template';
  if (outcome.action === 'switch_channel' || FALLBACK_CODES.has(String(outcome.code))) {
    return 'switch_channel';
  }
  return null;
}

/**
 * Records that a claimed notification will not go out after all (the recheck, a suppression, a
 * channel switched off): status `skipped` with the reason, its timeline entry and counters.
 * Shared by ticket notifications and automatic answers.
 */
export async function recordSkipAtDispatch(
  deps: PipelineDeps,
  target: { ref: DocumentReference; notificationId: string; channel: Channel },
  reason: SkipReason,
  now: Date,
): Promise<DispatchOutcome> {
  const batch = deps.db.batch();
  batch.update(target.ref, {
    status: 'skipped',
    skipReason: reason,
    reasonText: skipReasonText(reason),
    updatedAt: ts(now),
    timeline: appendTimeline(timelineEntry('skipped', ts(now), 'pipeline', reason)),
  });
  addStats(batch, deps.db, now, {
    [`${target.channel}_skipped`]: 1,
    [counterName(target.channel, 'skip', reason)]: 1,
  });
  await batch.commit();
  logs.sendSkippedAtDispatch(target.notificationId, reason);
  return { outcome: 'skipped', reason };
}

/** Options of {@link sendAndRecord}. */
export interface SendAndRecordOptions {
  /** Update time of the history document as read at dispatch (guards the success write). */
  readAt: Timestamp | undefined;
  /** How many times the task queue already retried this task. */
  retryCount: number;
  /** Runs after a recorded success (the reply path adds the message to its conversation). */
  onSent?: (accepted: SendAccepted, message: OutboundMessage) => Promise<void>;
}

/**
 * The common tail of every dispatch, ticket notification or automatic answer: a rendered
 * message is sent through its channel's adapter and the outcome recorded — a render failure,
 * a missing sender, the provider's acceptance, or its refusal (classified, maybe retried).
 */
export async function sendAndRecord(
  deps: PipelineDeps,
  h: SentHistory,
  notificationId: string,
  attempt: number,
  start: Date,
  built: Built,
  options: SendAndRecordOptions,
): Promise<DispatchOutcome> {
  if (!built.ok) {
    return recordFailure(deps, h, notificationId, attempt, start, {
      code: built.code,
      message: built.message,
      action: 'fail',
      httpStatus: null,
    });
  }
  const result = await sendWith(deps, built.message);
  const now = deps.clock();
  if (!result) {
    return recordFailure(deps, h, notificationId, attempt, now, {
      code: 'channel_not_configured',
      message: `no ${h.channel} sender configured`,
      action: 'fail',
      httpStatus: null,
    });
  }
  if (!result.ok) {
    return handleRefusal(deps, h, notificationId, attempt, now, result.error, options.retryCount);
  }
  const outcome = await recordSuccess(
    deps,
    h,
    notificationId,
    attempt,
    now,
    result.value,
    built,
    options.readAt,
  );
  await options.onSent?.(result.value, built.message);
  return outcome;
}

export async function recordSuccess(
  deps: PipelineDeps,
  h: SentHistory,
  notificationId: string,
  attempt: number,
  now: Date,
  accepted: SendAccepted,
  built: Extract<Built, { ok: true }>,
  readAt: Timestamp | undefined,
): Promise<DispatchOutcome> {
  const settings = await deps.settings.get();
  const segments = accepted.segments ?? built.segments;
  const zone = (h.priceZone ?? 'fr_metro') as PriceZone;
  const cost = estimateMessageCostEur(
    h.channel,
    { segments: segments ?? 1, zone },
    settings.core.prices,
  );
  const twilio = isMessagingChannel(h.channel);
  const at = ts(now);
  const ref = deps.db.collection(COLLECTIONS.history).doc(notificationId);
  const started = Math.max(h.createdAt.getTime(), h.notBefore?.getTime() ?? 0);
  const counters: Counters = {};
  bump(counters, `${h.channel}_sent`);
  bump(counters, sentLatencyCounter(h.channel, now.getTime() - started));
  if (segments) bump(counters, `${h.channel}_segments`, segments);
  if (cost > 0) {
    bump(counters, `${h.channel}_cost_eur`, cost);
    bump(counters, 'cost_eur_total', cost);
  }

  // A status callback can reach the ingestion endpoint before this write: the update is
  // conditional on the document not having changed since it was read, and on a conflict the
  // status becomes core's maximum of the two (never backwards). The embedded test server
  // ignores update-time preconditions, so this guard only acts on real Firestore.
  let status: NotificationStatus = accepted.status;
  let lastUpdateTime = readAt;
  for (let round = 0; ; round += 1) {
    const batch = deps.db.batch();
    const fields = {
      status,
      sentAt: at,
      updatedAt: at,
      attempts: attempt,
      'metadata.twilioMessageId': twilio ? accepted.providerId : null,
      'metadata.providerMessageId': twilio ? null : accepted.providerId,
      'metadata.cost': cost,
      'metadata.segments': segments,
      'metadata.encoding': built.encoding,
      'metadata.whatsappMode': built.whatsappMode,
      'metadata.contentSid': built.contentSid,
      pricePending: twilio,
      timeline: appendTimeline(timelineEntry(accepted.status, at, 'provider')),
    };
    if (lastUpdateTime) batch.update(ref, fields, { lastUpdateTime });
    else batch.update(ref, fields);
    addStats(batch, deps.db, now, counters);
    if (twilio && h.to) {
      batch.set(
        deps.db.collection(COLLECTIONS.contactCounts).doc(h.to),
        { [contactCountField(now)]: FieldValue.increment(1) },
        { merge: true },
      );
    }
    removeTokens(batch, deps.db, h.customerId, accepted.invalidTokens);
    try {
      await batch.commit();
      break;
    } catch (error) {
      if ((error as { code?: number }).code !== FAILED_PRECONDITION || round >= 4) throw error;
      const fresh = await ref.get();
      const current = fresh.get('status') as NotificationStatus;
      status =
        isTwilioStatus(current) && isTwilioStatus(accepted.status)
          ? applyStatus(current, accepted.status).status
          : accepted.status;
      lastUpdateTime = fresh.updateTime;
    }
  }
  logs.sendSucceeded({
    notificationId,
    channel: h.channel,
    to: h.to ?? '',
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
}

export async function recordFailure(
  deps: PipelineDeps,
  h: SentHistory,
  notificationId: string,
  attempt: number,
  now: Date,
  failure: FailureInput,
  extra?: (batch: WriteBatch) => void,
  retrying = false,
): Promise<DispatchOutcome> {
  const at = ts(now);
  const status: NotificationStatus = retrying ? 'error' : 'failed';
  const batch = deps.db.batch();
  batch.update(deps.db.collection(COLLECTIONS.history).doc(notificationId), {
    status,
    attempts: attempt,
    updatedAt: at,
    errorCode: failure.code,
    errorMessage: failure.message,
    errors: FieldValue.arrayUnion({
      at,
      attempt,
      code: failure.code,
      httpStatus: failure.httpStatus,
      action: failure.action,
      message: failure.message,
    }),
    timeline: appendTimeline(timelineEntry(status, at, 'provider', String(failure.code))),
  });
  const counters: Counters = {};
  bump(counters, retrying ? `${h.channel}_retried` : `${h.channel}_failed`);
  bump(counters, counterName(h.channel, 'error', failure.code));
  addStats(batch, deps.db, now, counters);
  extra?.(batch);
  await batch.commit();
  logs.sendFailed({
    notificationId,
    channel: h.channel,
    to: h.to ?? '',
    code: String(failure.code),
    providerCode: typeof failure.code === 'number' ? failure.code : null,
    httpStatus: failure.httpStatus,
    action: failure.action,
    message: failure.message,
  });
  return { outcome: 'failed', code: failure.code, action: failure.action };
}

export async function handleRefusal(
  deps: PipelineDeps,
  h: SentHistory,
  notificationId: string,
  attempt: number,
  now: Date,
  refused: SendRefused,
  _retryCount: number,
): Promise<DispatchOutcome> {
  const settings = await deps.settings.get();
  const code = refused.providerCode ?? refused.code;
  const failure = (action: string): FailureInput => ({
    code,
    message: refused.message,
    action,
    httpStatus: refused.httpStatus,
  });
  const owner = {
    e164: h.to ?? '',
    clientId: h.clientId,
    customerId: h.customerId,
    notificationId,
  };
  const channel: Channel = h.channel;

  let action: string;
  let phoneStatus: 'invalid' | 'landline' | 'unknown_handset' | undefined;
  if (channel === 'sms' || channel === 'whatsapp') {
    const classified = classifyTwilioError({
      code: typeof refused.providerCode === 'number' ? refused.providerCode : null,
      httpStatus: refused.httpStatus,
      channel,
    });
    action = classified.action;
    phoneStatus = classified.phoneStatus;
  } else {
    action = refused.retryable ? 'retry' : 'fail';
  }

  const removeInvalid = (batch: WriteBatch) =>
    removeTokens(batch, deps.db, h.customerId, refused.invalidTokens);
  if (action === 'retry') {
    const alwaysRetry = refused.httpStatus === 429;
    const delay = nextRetryDelay(attempt, settings.core.retry, deps.random());
    if (alwaysRetry || delay !== null) {
      await recordFailure(
        deps,
        h,
        notificationId,
        attempt,
        now,
        failure('retry'),
        removeInvalid,
        true,
      );
      logs.sendRetrying(notificationId, attempt, String(code));
      throw new RetryableSendError(notificationId, code, refused.message);
    }
    return recordFailure(
      deps,
      h,
      notificationId,
      attempt,
      now,
      failure('retries_exhausted'),
      removeInvalid,
    );
  }
  const isMessaging = channel === 'sms' || channel === 'whatsapp';
  // A withdrawal already on record (e.g. the STOP this message confirms) is not recorded twice.
  const suppressedScope =
    action === 'opt_out' && isMessaging && h.to ? await readSuppressionScope(deps.db, h.to) : null;
  return recordFailure(deps, h, notificationId, attempt, now, failure(action), (batch) => {
    removeInvalid(batch);
    if (!isMessaging || !h.to) return;
    if (phoneStatus) {
      markPhone(batch, deps.db, owner, {
        status: phoneStatus,
        code: typeof refused.providerCode === 'number' ? refused.providerCode : null,
        channel,
        at: now,
      });
    }
    if (action === 'opt_out') {
      withdrawConsentFromError(batch, deps.db, owner, {
        channel,
        code: typeof refused.providerCode === 'number' ? refused.providerCode : 21610,
        at: now,
        suppressedScope,
      });
    }
    if (action === 'alert') {
      batch.set(deps.db.collection(COLLECTIONS.alerts).doc(`send_${notificationId}`), {
        kind: 'send_error',
        notificationId,
        code,
        message: refused.message,
        at: ts(now),
        acknowledgedAt: null,
      });
    }
  });
}

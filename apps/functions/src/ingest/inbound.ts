import {
  actionsOfferedBy,
  CUSTOMER_ACTION_TABLE,
  classifyInbound,
  consentRecordForKeyword,
  type InboundIntent,
  type MessagingChannel,
  type NotificationKind,
  parseScoreText,
  providerKeywordOf,
  type SatisfactionScore,
  SURVEY_ANSWER_DAYS,
} from '@omega/core';
import type { ForwardedEvent } from '@omega/forwarding';
import { parseButtonPayload, scoreOfAction } from '@omega/templates';
import { type DocumentReference, FieldValue, type Firestore } from 'firebase-admin/firestore';
import type { CustomerActionOutcome } from '../actions/apply.ts';
import { addConsentWrites, logConsentChanges, readSuppression } from '../consent/write.ts';
import type { PipelineDeps } from '../pipeline/deps.ts';
import {
  AUTO_REPLY_ORIGIN,
  claimAcknowledgement,
  planInboundReply,
  replyFor,
} from '../pipeline/plan/auto-reply.ts';
import { isAlreadyExists } from '../store/claims.ts';
import { COLLECTIONS } from '../store/collections.ts';
import type { PhoneStatus } from '../store/documents.ts';
import {
  type AnswerOutcome,
  readSatisfactionAnswer,
  recordSatisfactionAnswer,
} from '../store/satisfaction.ts';
import {
  addStats,
  bump,
  bumpConversationOpened,
  type Counters,
  responseLatencyCounter,
} from '../store/stats.ts';
import { ts } from '../store/timestamps.ts';
import { applyInboundAction, inboundActionOf, type LastOffer } from './inbound-action.ts';
import { fetchInboundMedia, inboundMediaFields } from './inbound-media.ts';

/** What the ingestion of one inbound message did. */
export type InboundIngestOutcome =
  | {
      outcome: 'stored';
      e164: string;
      channel: MessagingChannel;
      intent: InboundIntent;
      customerId: string | null;
      clientId: string | null;
      ticketId: string | null;
      consentChanged: boolean;
      /** A Twilio mark (invalid, unknown handset…) on this number was cleared: it answered. */
      phoneMarkCleared: boolean;
      /** The automatic answer planned through the send pipeline, if any. */
      replyId: string | null;
      /** A satisfaction score this message gave (a survey button, or the digits). */
      satisfaction: { ticketId: string; score: SatisfactionScore; outcome: AnswerOutcome } | null;
      /** A customer action this message asked for (a quick-reply button, or its keyword). */
      action: CustomerActionOutcome | null;
    }
  | { outcome: 'duplicate'; e164: string; replyId: string | null }
  | { outcome: 'invalid'; message: string };

function param(event: ForwardedEvent, name: string): string | null {
  const value = event.params[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value[0] ?? null;
  return null;
}

/** Who a number belongs to, and when we last sent it a notification. */
export interface NumberOwner {
  customerId: string | null;
  clientId: string | null;
  ticketId: string | null;
  /** `sentAt` of the latest notification sent to the number (automatic answers excluded). */
  lastSentAt: Date | null;
  /** The latest satisfaction survey sent to the number: its ticket and when. */
  lastSurvey: { ticketId: string; sentAt: Date } | null;
  /** The latest notification sent to the number that offers customer actions. */
  lastOffer: LastOffer | null;
}

/** Who a number belongs to: the latest notification sent to it names the customer and the ticket. */
async function ownerOf(db: Firestore, e164: string): Promise<NumberOwner> {
  // Newest first (index `to` + `createdAt` desc): for a number with many messages, the latest
  // notification decides, not whichever 20 the server happens to return.
  const snap = await db
    .collection(COLLECTIONS.history)
    .where('to', '==', e164)
    .orderBy('createdAt', 'desc')
    .limit(20)
    .get();
  let best: (Omit<NumberOwner, 'lastSentAt' | 'lastSurvey' | 'lastOffer'> & { at: number }) | null =
    null;
  let lastSent: number | null = null;
  let lastSurvey: NumberOwner['lastSurvey'] = null;
  let lastOffer: LastOffer | null = null;
  for (const doc of snap.docs) {
    const at = doc.get('createdAt')?.toMillis?.() ?? 0;
    if (!best || at > best.at) {
      best = {
        at,
        customerId: doc.get('customerId') ?? null,
        clientId: doc.get('clientId') ?? null,
        ticketId: doc.get('ticketId') ?? null,
      };
    }
    const sentAt = doc.get('sentAt')?.toMillis?.() as number | undefined;
    if (!sentAt) continue;
    const automatic = doc.get('origin') === AUTO_REPLY_ORIGIN;
    if (!automatic && (lastSent === null || sentAt > lastSent)) lastSent = sentAt;
    const kind = doc.get('kind') as NotificationKind | undefined;
    const ticketId = doc.get('ticketId') as string | null | undefined;
    if (!kind || !ticketId) continue;
    if (kind === 'satisfaction_survey' && (!lastSurvey || sentAt > lastSurvey.sentAt.getTime())) {
      lastSurvey = { ticketId, sentAt: new Date(sentAt) };
    }
    if (
      !automatic &&
      actionsOfferedBy(kind).length > 0 &&
      (!lastOffer || sentAt > lastOffer.sentAt.getTime())
    ) {
      lastOffer = { notificationId: doc.id, kind, ticketId, sentAt: new Date(sentAt) };
    }
  }
  return {
    customerId: best?.customerId ?? null,
    clientId: best?.clientId ?? null,
    ticketId: best?.ticketId ?? null,
    lastSentAt: lastSent === null ? null : new Date(lastSent),
    lastSurvey,
    lastOffer,
  };
}

/**
 * The satisfaction score a message gives (pure): a survey button (`ticket:<id>:rate_<n>`), or —
 * for a survey sent to the number within `SURVEY_ANSWER_DAYS` — a message that is only the
 * digit ("4", "4/5", core's `parseScoreText`). `null` for anything else.
 */
export function surveyAnswerOf(input: {
  button: { ticketId: string; action: Parameters<typeof scoreOfAction>[0] } | null;
  body: string;
  lastSurvey: NumberOwner['lastSurvey'];
  now: Date;
}): { ticketId: string; score: SatisfactionScore; via: 'whatsapp_button' | 'message' } | null {
  const fromButton = input.button ? scoreOfAction(input.button.action) : null;
  if (input.button && fromButton) {
    return { ticketId: input.button.ticketId, score: fromButton, via: 'whatsapp_button' };
  }
  const survey = input.lastSurvey;
  if (!survey || input.button) return null;
  const age = input.now.getTime() - survey.sentAt.getTime();
  if (age < 0 || age > SURVEY_ANSWER_DAYS * 86_400_000) return null;
  const score = parseScoreText(input.body);
  return score ? { ticketId: survey.ticketId, score, via: 'message' } : null;
}

/**
 * The Twilio marks of a number that a message from it disproves (pure): an SMS from the number
 * proves it exists and handles SMS (invalid, unknown handset and landline marks go); a WhatsApp
 * message proves it exists, not that it takes SMS (a landline mark stays: WhatsApp Business
 * runs on landlines).
 */
export function marksClearedBy(channel: MessagingChannel): ReadonlySet<PhoneStatus['status']> {
  return channel === 'sms'
    ? new Set(['invalid', 'unknown_handset', 'landline'])
    : new Set(['invalid', 'unknown_handset']);
}

/** The owner's client/profile documents whose phone mark on `e164` the message disproves. */
async function disprovedMarks(
  db: Firestore,
  owner: NumberOwner,
  e164: string,
  channel: MessagingChannel,
): Promise<DocumentReference[]> {
  const refs: DocumentReference[] = [];
  if (owner.clientId) refs.push(db.collection(COLLECTIONS.clients).doc(owner.clientId));
  if (owner.customerId) refs.push(db.collection(COLLECTIONS.profiles).doc(owner.customerId));
  if (refs.length === 0) return [];
  const cleared = marksClearedBy(channel);
  const snaps = await db.getAll(...refs);
  return snaps
    .filter((snap) => {
      const mark = snap.get('phoneStatus') as { e164?: string; status?: string } | null | undefined;
      return mark?.e164 === e164 && cleared.has(mark.status as PhoneStatus['status']);
    })
    .map((snap) => snap.ref);
}

/**
 * Ingests one inbound SMS/WhatsApp message (forwarded by the edge worker). Everything the
 * message changes is one batch with the `create()` of
 * `conversations/{e164}/messages/{MessageSid}`, so a redelivered webhook changes and counts
 * nothing twice, and an interrupted ingestion leaves nothing half-applied:
 * - the message stored, the conversation updated (last message, unread count, customer and
 *   ticket linked from the latest notification sent to the number, or from a WhatsApp
 *   quick-reply payload), the WhatsApp 24 h window refreshed on the client/profile;
 * - the day's and month's counters: `<ch>_inbound`, `<ch>_inbound_<intent>`, and the response
 *   latency since our last notification to the number (`<ch>_response_<bucket>`, none when we
 *   never wrote to it) — with or without a ticket;
 * - a Twilio mark on the number (invalid, unknown handset; landline for an SMS) cleared on the
 *   client/profile: the number just answered ({@link marksClearedBy});
 * - STOP / STOPALL / START keywords (core's `classifyInbound`) change consent at once: a
 *   consent record (source `keyword`), the profile/client consent map and preferences, and
 *   the suppression list (added on opt-out — even for a walk-in with no profile — widened to
 *   `all` when another channel was suppressed; removed on opt-in);
 * - what Twilio itself did with the message (core's `providerKeywordOf`: `OptOutType`, or its
 *   default SMS words) decides whether Twilio's opt-out list holds the channel: a STOP Twilio
 *   acted on is held there (only the customer's START lifts it, never staff), and a word Twilio
 *   opts out on but we do not read as a STOP (CANCEL, END, QUIT…) is still recorded as the
 *   customer's withdrawal of that channel, since Twilio will refuse every message on it.
 * Then:
 * - an automatic answer goes through the send pipeline (`planInboundReply`, id
 *   `reply_<MessageSid>`, on the channel the customer wrote on): AIDE/HORAIRES/ADRESSE/STATUT
 *   with the templates and the current settings/ticket, the STOP/START confirmation (none for
 *   a STOP from a number already suppressed on that channel: one confirmation only); no answer
 *   at all after a STOP Twilio acted on: Twilio has confirmed it and would refuse ours (21610);
 * - anything else (and STATUT with no known ticket) marks the conversation for staff
 *   (`needsStaff`) and is acknowledged at most once per conversation per `ACK_BUCKET_MS`
 *   (`claimAcknowledgement`).
 * A redelivered message is not stored again; its answer is planned again idempotently (same
 * id), so an ingestion that failed after storing the message still answers it.
 */
export async function ingestInboundEvent(
  deps: PipelineDeps,
  event: ForwardedEvent,
): Promise<InboundIngestOutcome> {
  const sid = param(event, 'MessageSid') ?? param(event, 'SmsSid');
  const from = param(event, 'From');
  if (!sid || !from)
    return { outcome: 'invalid', message: 'inbound message without MessageSid or From' };
  const channel: MessagingChannel = from.startsWith('whatsapp:') ? 'whatsapp' : 'sms';
  const e164 = from.replace(/^whatsapp:/, '');
  if (!/^\+[1-9]\d{5,15}$/.test(e164))
    return { outcome: 'invalid', message: `From is not an E.164 number` };
  const body = param(event, 'Body') ?? '';
  const now = deps.clock();
  const at = ts(now);
  const classification = classifyInbound(body);
  const provider = providerKeywordOf({ channel, body, optOutType: param(event, 'OptOutType') });
  const button = param(event, 'ButtonPayload');
  const fromButton = button ? parseButtonPayload(button) : null;

  const conversation = deps.db.collection(COLLECTIONS.conversations).doc(e164);
  const owner = await ownerOf(deps.db, e164);
  // A survey answer counts once per ticket: the first answer (its SID) wins; a later one is a
  // message like any other (escalated, so staff see the change of mind).
  const answerOf = surveyAnswerOf({ button: fromButton, body, lastSurvey: owner.lastSurvey, now });
  const earlier = answerOf ? await readSatisfactionAnswer(deps.db, answerOf.ticketId) : null;
  const survey = answerOf && (!earlier || earlier.proof === `sid:${sid}`) ? answerOf : null;
  // A quick-reply button or an offered action's keyword ("OUI" after a quote): the writer decides.
  const actionRequest = survey
    ? null
    : inboundActionOf({
        button: fromButton,
        buttonText: param(event, 'ButtonText'),
        body,
        intent: classification.intent,
        lastOffer: owner.lastOffer,
        now,
      });
  const ticketId =
    survey?.ticketId ?? actionRequest?.ticketId ?? fromButton?.ticketId ?? owner.ticketId;
  const ticketSnap = ticketId
    ? await deps.db.collection(COLLECTIONS.tickets).doc(ticketId).get()
    : null;
  const ticketStatus = (ticketSnap?.get('status') as string | undefined) ?? null;
  const decision = survey
    ? { kind: 'reply_satisfaction' as const, escalate: false }
    : actionRequest
      ? {
          kind: 'reply_action' as const,
          escalate: CUSTOMER_ACTION_TABLE[actionRequest.action].notify.includes('staff_inbox'),
        }
      : replyFor(classification.intent, ticketStatus !== null);
  const owned = {
    customerId: (ticketSnap?.get('customerId') as string | null | undefined) ?? owner.customerId,
    clientId: (ticketSnap?.get('clientId') as string | null | undefined) ?? owner.clientId,
  };
  const recordAnswer = async (): Promise<AnswerOutcome | null> =>
    survey
      ? recordSatisfactionAnswer(deps.db, {
          ticketId: survey.ticketId,
          score: survey.score,
          source: { via: survey.via, channel, messageSid: sid, e164 },
          customerId: owned.customerId,
          clientId: owned.clientId,
          e164,
          at: now,
        })
      : null;
  // The action is applied once per message SID (a redelivery gets the first outcome back).
  const applyAction = async (): Promise<CustomerActionOutcome | null> =>
    actionRequest
      ? applyInboundAction(deps, {
          request: actionRequest,
          messageSid: sid,
          channel,
          e164,
          owner: { clientId: owner.clientId, customerId: owner.customerId },
          at: now,
        })
      : null;
  const optOut = classification.intent === 'opt_out' || classification.intent === 'opt_out_all';
  const reply = async (
    alreadyOptedOut: boolean,
    acted: CustomerActionOutcome | null,
  ): Promise<string | null> => {
    // Twilio has confirmed a STOP it acted on, and refuses anything on that channel now.
    if (alreadyOptedOut || provider === 'STOP') return null;
    if (
      decision.kind === 'reply_escalation_ack' &&
      !(await claimAcknowledgement(deps.db, { e164, messageSid: sid, at: now }))
    )
      return null;
    const planned = await planInboundReply(deps, {
      messageSid: sid,
      e164,
      channel,
      kind: decision.kind,
      customerId: owner.customerId,
      clientId: owner.clientId,
      ticketId: ticketStatus !== null ? ticketId : null,
      ticketStatus,
      inboundAt: now,
      ...(acted ? { variables: { actionReply: acted.replyKey } } : {}),
    });
    return planned.notificationId;
  };
  const [suppression, marked] = await Promise.all([
    readSuppression(deps.db, e164),
    disprovedMarks(deps.db, owner, e164, channel),
  ]);
  // A STOP from a number already suppressed on this channel gets no second confirmation.
  const alreadyOptedOut =
    optOut && (suppression?.scope === 'all' || suppression?.scope === channel);

  // Everything the message changes is written in one batch with its own `create()`: a
  // redelivered webhook fails the whole batch, so nothing (consent, unread count, counters)
  // is applied or counted twice, and an interrupted ingestion leaves nothing half-applied.
  const batch = deps.db.batch();
  batch.create(conversation.collection('messages').doc(sid), {
    direction: 'inbound',
    channel,
    body,
    buttonPayload: button,
    ticketId,
    intent: classification.intent,
    keyword: classification.keyword ?? null,
    at,
    receivedAt: ts(new Date(event.receivedAt)),
    profileName: param(event, 'ProfileName'),
    notificationId: null,
    ...inboundMediaFields(event),
  });
  const escalate = decision.escalate;
  batch.set(
    conversation,
    {
      e164,
      channel,
      customerId: owner.customerId,
      clientId: owner.clientId,
      ticketId,
      lastInboundAt: at,
      lastMessagePreview: body.slice(0, 120),
      unread: FieldValue.increment(1),
      ...(escalate ? { needsStaff: true, escalatedAt: at } : {}),
    },
    { merge: true },
  );
  if (channel === 'whatsapp') {
    if (owner.customerId) {
      batch.set(
        deps.db.collection(COLLECTIONS.profiles).doc(owner.customerId),
        { whatsappLastInboundAt: at },
        { merge: true },
      );
    }
    if (owner.clientId) {
      batch.set(
        deps.db.collection(COLLECTIONS.clients).doc(owner.clientId),
        { whatsappLastInboundAt: at },
        { merge: true },
      );
    }
  }
  // The number answered: a mark saying it is invalid or unknown is wrong now.
  for (const ref of marked) batch.set(ref, { phoneStatus: null }, { merge: true });
  // A word Twilio opts out on that we do not read as a STOP ("CANCEL"): still a withdrawal of
  // the channel (Twilio now refuses it), and still escalated to staff (it may be about the repair).
  // The customer's decision dates from when the worker received it: a STOP replayed from the
  // dead-letter queue days later is recorded at its own time (never later than now).
  const decidedAt = receivedAtOf(event, now);
  const record =
    consentRecordForKeyword(classification.intent, { channel, at: decidedAt }) ??
    (provider === 'STOP'
      ? consentRecordForKeyword('opt_out', {
          channel,
          at: decidedAt,
          wordingVersion: 'twilio-keyword',
        })
      : null);
  const counters: Counters = {};
  const subject = { e164, customerId: owner.customerId, clientId: owner.clientId };
  const consent = record
    ? addConsentWrites(batch, deps.db, subject, {
        records: [record],
        suppression,
        provider,
        evidence: { messageSid: sid },
        at: now,
        counters,
      })
    : null;
  bump(counters, `${channel}_inbound`);
  bump(counters, `${channel}_inbound_${classification.intent}`);
  await bumpConversationOpened(conversation, now, counters);
  if (owner.lastSentAt && owner.lastSentAt.getTime() <= now.getTime()) {
    bump(counters, responseLatencyCounter(channel, now.getTime() - owner.lastSentAt.getTime()));
  }
  addStats(batch, deps.db, now, counters);
  try {
    await batch.commit();
  } catch (error) {
    if (isAlreadyExists(error)) {
      // The first ingestion applied the opt-out (and planned its confirmation); the
      // suppression it wrote must not stop a retry from re-planning the same answer. A survey
      // answer whose recording died after the message's batch is recorded now (same SID).
      await recordAnswer();
      const acted = await applyAction();
      const replyId = await reply(false, acted);
      await fetchInboundMedia(deps, { e164, messageSid: sid, event });
      return { outcome: 'duplicate', e164, replyId };
    }
    throw error;
  }
  if (consent) logConsentChanges(subject, consent);
  // An instance killed here has stored the message: its redelivery applies the rest.
  await deps.faults?.hit('inbound_after_commit', sid);
  const answered = await recordAnswer();
  const acted = await applyAction();
  const replyId = await reply(alreadyOptedOut, acted);
  // Customers' photos: fetched after the batch, idempotent (a redelivery fetches what is left).
  await fetchInboundMedia(deps, { e164, messageSid: sid, event });
  return {
    outcome: 'stored',
    e164,
    channel,
    intent: classification.intent,
    customerId: owner.customerId,
    clientId: owner.clientId,
    ticketId,
    consentChanged: record !== null,
    phoneMarkCleared: marked.length > 0,
    replyId,
    satisfaction:
      survey && answered
        ? { ticketId: survey.ticketId, score: survey.score, outcome: answered }
        : null,
    action: acted,
  };
}

/** When the worker received an event (its `receivedAt`), or `now` when that is unreadable or later. */
export function receivedAtOf(event: { receivedAt: string }, now: Date): Date {
  const received = new Date(event.receivedAt);
  return Number.isNaN(received.getTime()) || received.getTime() > now.getTime() ? now : received;
}

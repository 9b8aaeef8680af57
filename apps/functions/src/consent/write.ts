import {
  type ConsentRecord,
  type ConsentWritePlan,
  type MessagingChannel,
  type ProviderKeyword,
  planConsentWrite,
  type SuppressionEntry,
} from '@omega/core';
import {
  type DocumentReference,
  type DocumentSnapshot,
  FieldValue,
  type Firestore,
  type WriteBatch,
} from 'firebase-admin/firestore';
import { logs } from '../logs.ts';
import { COLLECTIONS } from '../store/collections.ts';
import { addStats } from '../store/stats.ts';
import { ts } from '../store/timestamps.ts';

/**
 * The only module that writes `consent_log` (and, with it, the consent state the pipeline
 * reads: the profile's `consent` map and `notificationPreferences`, a walk-in client's `consent`
 * map, and the number's `suppressions` entry). Every source goes through {@link addConsentWrites}:
 * the counter and the staff API, the customer's web page and registration form
 * (`record-consent.ts`), an inbound STOP/START keyword, and a provider opt-out (21610). What
 * each decision changes is core's `planConsentWrite`; this module only turns that plan into one
 * batch, which the caller commits with the rest of its effects (the inbound message, the send's
 * failure record): all or nothing.
 */

/** Whose consent changes: the profile for a registered customer, else the counter's client. */
export interface ConsentSubject {
  customerId: string | null;
  clientId: string | null;
  /** The number the decisions are about (E.164), if any. */
  e164: string | null;
}

/** What else the consent log keeps as evidence of the decision. */
export interface ConsentEvidence {
  /** Keyed hash of the customer's IP address (decisions made on the web). */
  ipHash?: string | null;
  /** The inbound message that carried a keyword. */
  messageSid?: string;
  /** The notification whose send Twilio refused with an opt-out error. */
  notificationId?: string;
  /** The provider's error code (21610). */
  code?: number | null;
}

/** Parses a stored suppression entry (`null`: the number is not suppressed). */
export function suppressionEntryOf(
  snap: DocumentSnapshot | null | undefined,
): SuppressionEntry | null {
  if (!snap?.exists) return null;
  const scope = snap.get('scope');
  const held: unknown = snap.get('providerHeld');
  return {
    scope: scope === 'sms' || scope === 'whatsapp' ? scope : 'all',
    reason: typeof snap.get('reason') === 'string' ? (snap.get('reason') as string) : null,
    // Unreadable: left out, so core reads the entry the safe way (by its reason).
    ...(Array.isArray(held) && held.every((c) => c === 'sms' || c === 'whatsapp')
      ? { providerHeld: held as MessagingChannel[] }
      : {}),
  };
}

/** Reads a number's suppression entry (one document read). */
export async function readSuppression(
  db: Firestore,
  e164: string,
): Promise<SuppressionEntry | null> {
  return suppressionEntryOf(await db.collection(COLLECTIONS.suppressions).doc(e164).get());
}

/**
 * Plans the decisions with core's rule and adds every write to `batch`: one consent_log record
 * per decision (with its evidence), the current state on the profile (or the walk-in's client),
 * the suppression entry, and the day's `consent_*` counters. Returns the plan (what changed).
 */
export function addConsentWrites(
  batch: WriteBatch,
  db: Firestore,
  subject: ConsentSubject,
  input: {
    records: readonly ConsentRecord[];
    suppression: SuppressionEntry | null;
    suppressOnWithdrawal?: boolean;
    /** What Twilio did with the inbound keyword message (core's `providerKeywordOf`). */
    provider?: ProviderKeyword | null;
    evidence?: ConsentEvidence;
    at: Date;
    /** The caller's counters for this batch (one statistics write per batch); else added here. */
    counters?: Record<string, number>;
  },
): ConsentWritePlan {
  const plan = planConsentWrite({
    records: input.records,
    e164: subject.e164,
    suppression: input.suppression,
    suppressOnWithdrawal: input.suppressOnWithdrawal,
    provider: input.provider,
  });
  const evidence = input.evidence ?? {};
  const extra = {
    ...(evidence.ipHash ? { ipHash: evidence.ipHash } : {}),
    ...(evidence.messageSid ? { messageSid: evidence.messageSid } : {}),
    ...(evidence.notificationId ? { notificationId: evidence.notificationId } : {}),
  };
  for (const record of plan.records) {
    batch.create(db.collection(COLLECTIONS.consentLog).doc(), {
      ...record,
      at: ts(record.at),
      customerId: subject.customerId,
      clientId: subject.clientId,
      e164: subject.e164,
      ...extra,
    });
  }
  // A provider opt-out already on record has no record and changes no consent state (it may
  // still tell us that Twilio now holds a channel we had suppressed ourselves: below).
  const first = plan.records[0];
  if (first) {
    const consent = Object.fromEntries(
      Object.entries(plan.consentMap).map(([channel, r]) => [channel, { ...r, at: ts(r.at) }]),
    );
    if (subject.customerId) {
      batch.set(
        db.collection(COLLECTIONS.profiles).doc(subject.customerId),
        { consent, notificationPreferences: plan.preferences },
        { merge: true },
      );
    } else if (subject.clientId) {
      batch.set(
        db.collection(COLLECTIONS.clients).doc(subject.clientId),
        { consent },
        { merge: true },
      );
    }
  }
  if (subject.e164 && plan.suppression.action !== 'keep') {
    const ref = db.collection(COLLECTIONS.suppressions).doc(subject.e164);
    if (plan.suppression.action === 'delete') batch.delete(ref);
    else {
      batch.set(
        ref,
        {
          e164: subject.e164,
          scope: plan.suppression.scope,
          reason: plan.suppression.reason,
          providerHeld: plan.suppression.providerHeld,
          ...(first
            ? {
                code: evidence.code ?? null,
                source: first.source,
                customerId: subject.customerId,
                clientId: subject.clientId,
              }
            : {}),
          ...(plan.suppression.created ? { createdAt: ts(input.at) } : {}),
          updatedAt: FieldValue.serverTimestamp(),
        },
        { merge: true },
      );
    }
  }
  if (input.counters) {
    for (const [name, n] of Object.entries(plan.counters))
      input.counters[name] = (input.counters[name] ?? 0) + n;
  } else addStats(batch, db, input.at, plan.counters);
  return plan;
}

/** Logs the withdrawals a committed plan recorded (after the commit: nothing is logged twice). */
export function logConsentChanges(subject: ConsentSubject, plan: ConsentWritePlan): void {
  for (const record of plan.records) {
    if (record.granted) continue;
    logs.consentWithdrawn({
      e164: subject.e164 ?? '',
      channel: record.channel,
      source: record.source,
      customerId: subject.customerId,
    });
  }
}

/**
 * A Twilio opt-out error (21610: the customer replied STOP to this sender, directly to Twilio):
 * the withdrawal as a consent record (source `twilio-error`, actor `twilio`, wording
 * `twilio-<code>`), the channel off, the number suppressed with reason `twilio_opt_out` — all
 * added to the caller's batch (the failure record or the status event), so it commits with it;
 * the channel is marked as held by Twilio (only the customer's START lifts it). When the number
 * is already suppressed for the channel, the withdrawal is on record (e.g. the STOP this message
 * confirms): no record, only the hold is added if it was missing.
 */
export function addProviderOptOut(
  batch: WriteBatch,
  db: Firestore,
  subject: ConsentSubject & { e164: string },
  input: {
    channel: 'sms' | 'whatsapp';
    code: number;
    at: Date;
    suppression: SuppressionEntry | null;
    notificationId: string;
    counters?: Record<string, number>;
  },
): ConsentWritePlan {
  return addConsentWrites(batch, db, subject, {
    records: [
      {
        channel: input.channel,
        granted: false,
        at: input.at,
        source: 'twilio-error',
        actor: 'twilio',
        wordingVersion: `twilio-${input.code}`,
        scope: 'channel',
      },
    ],
    suppression: input.suppression,
    evidence: { notificationId: input.notificationId, code: input.code },
    at: input.at,
    counters: input.counters,
  });
}

/**
 * Erasure: a consent record stays (the legal proof of a consent or an objection) but loses the
 * number it was about.
 */
export function addConsentErasure(batch: WriteBatch, record: DocumentReference): void {
  batch.update(record, { e164: null });
}

/**
 * Erasure: a suppression entry stays (the objection keeps being honoured: every send path looks
 * the number up) but no longer says whose number it is.
 */
export function addSuppressionErasure(batch: WriteBatch, entry: DocumentReference, at: Date): void {
  batch.update(entry, { clientId: null, customerId: null, erasedAt: ts(at) });
}

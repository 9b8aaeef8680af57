import type { ConsentRecord, MessagingChannel } from '@omega/core';
import { FieldValue, type Firestore, type WriteBatch } from 'firebase-admin/firestore';
import { logs } from '../logs.ts';
import { COLLECTIONS } from './collections.ts';
import { ts } from './timestamps.ts';

/** Who the failed number belongs to. */
export interface NumberOwner {
  e164: string;
  clientId: string | null;
  customerId: string | null;
  notificationId: string;
}

/**
 * Marks the number as invalid / landline / unknown on the client and the profile
 * (`phoneStatus`): the cascade then skips it (`phone_marked_invalid`) until the number changes.
 */
export function markPhone(
  batch: WriteBatch,
  db: Firestore,
  owner: NumberOwner,
  mark: {
    status: 'invalid' | 'landline' | 'unknown_handset';
    code: number | null;
    channel: MessagingChannel;
    at: Date;
  },
): void {
  const phoneStatus = {
    e164: owner.e164,
    status: mark.status,
    code: mark.code,
    channel: mark.channel,
    at: ts(mark.at),
    notificationId: owner.notificationId,
  };
  if (owner.clientId)
    batch.set(
      db.collection(COLLECTIONS.clients).doc(owner.clientId),
      { phoneStatus },
      { merge: true },
    );
  if (owner.customerId) {
    batch.set(
      db.collection(COLLECTIONS.profiles).doc(owner.customerId),
      { phoneStatus },
      { merge: true },
    );
  }
  logs.phoneMarked({
    e164: owner.e164,
    status: mark.status,
    code: mark.code,
    clientId: owner.clientId,
    customerId: owner.customerId,
  });
}

/** A number's suppression scope (`suppressions/{e164}`), or null when it is not suppressed. */
export type SuppressionScope = 'all' | 'sms' | 'whatsapp' | null;

/** Reads the suppression scope of a number (one document read). */
export async function readSuppressionScope(db: Firestore, e164: string): Promise<SuppressionScope> {
  const snap = await db.collection(COLLECTIONS.suppressions).doc(e164).get();
  if (!snap.exists) return null;
  const scope = snap.get('scope');
  return scope === 'sms' || scope === 'whatsapp' ? scope : 'all';
}

/** The scope that covers both an existing suppression and `channel`. */
export function widenScope(
  existing: SuppressionScope,
  channel: MessagingChannel,
): 'all' | MessagingChannel {
  return existing === null || existing === channel ? channel : 'all';
}

/**
 * A Twilio opt-out error (21610: the customer replied STOP to this sender): withdraws consent
 * at once with a consent record (source `twilio-error`), turns the channel off in the
 * profile's preferences, and puts the number on the suppression list for the channel (widened
 * to `all` when another channel was already suppressed). When the caller read that the number
 * is already suppressed for the channel (`suppressedScope`: the withdrawal is on record, e.g.
 * our STOP confirmation refused by Twilio's own opt-out), nothing is written: the consent log
 * keeps one record per customer decision.
 */
export function withdrawConsentFromError(
  batch: WriteBatch,
  db: Firestore,
  owner: NumberOwner,
  input: { channel: MessagingChannel; code: number; at: Date; suppressedScope?: SuppressionScope },
): void {
  const existing = input.suppressedScope ?? null;
  if (existing === 'all' || existing === input.channel) return;
  const record: ConsentRecord = {
    channel: input.channel,
    granted: false,
    at: input.at,
    source: 'twilio-error',
    actor: 'twilio',
    wordingVersion: `twilio-${input.code}`,
    scope: 'channel',
  };
  const stored = { ...record, at: ts(input.at) };
  batch.create(db.collection(COLLECTIONS.consentLog).doc(), {
    ...stored,
    customerId: owner.customerId,
    clientId: owner.clientId,
    e164: owner.e164,
    notificationId: owner.notificationId,
  });
  if (owner.customerId) {
    batch.set(
      db.collection(COLLECTIONS.profiles).doc(owner.customerId),
      {
        consent: { [input.channel]: stored },
        notificationPreferences: { [`${input.channel}Enabled`]: false },
      },
      { merge: true },
    );
  } else if (owner.clientId) {
    batch.set(
      db.collection(COLLECTIONS.clients).doc(owner.clientId),
      { consent: { [input.channel]: stored } },
      { merge: true },
    );
  }
  batch.set(
    db.collection(COLLECTIONS.suppressions).doc(owner.e164),
    {
      e164: owner.e164,
      scope: widenScope(existing, input.channel),
      reason: 'twilio_opt_out',
      code: input.code,
      source: 'twilio-error',
      customerId: owner.customerId,
      createdAt: ts(input.at),
      updatedAt: FieldValue.serverTimestamp(),
    },
    { merge: true },
  );
  logs.consentWithdrawn({
    e164: owner.e164,
    channel: input.channel,
    source: 'twilio-error',
    customerId: owner.customerId,
  });
}

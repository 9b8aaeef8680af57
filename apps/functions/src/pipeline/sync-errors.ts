import type { ConsentRecord, MessagingChannel } from '@omega/core';
import { FieldValue, type Firestore, type WriteBatch } from 'firebase-admin/firestore';
import { logs } from '../logs.ts';
import { COLLECTIONS } from '../store/collections.ts';
import { ts } from '../store/timestamps.ts';

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

/**
 * A Twilio opt-out error (21610: the customer replied STOP to this sender): withdraws consent
 * at once with a consent record (source `twilio-error`), turns the channel off in the
 * profile's preferences, and puts the number on the suppression list for the channel.
 */
export function withdrawConsentFromError(
  batch: WriteBatch,
  db: Firestore,
  owner: NumberOwner,
  input: { channel: MessagingChannel; code: number; at: Date },
): void {
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
      scope: input.channel,
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

import type { MessagingChannel } from '@omega/core';
import type { Firestore, WriteBatch } from 'firebase-admin/firestore';
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

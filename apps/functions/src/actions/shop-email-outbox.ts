import type { CustomerAction } from '@omega/core';
import type { Firestore, Transaction } from 'firebase-admin/firestore';
import { COLLECTIONS } from '../store/collections.ts';
import { ts } from '../store/timestamps.ts';

/**
 * The shop's email outbox (`shop_emails/{id}`): the document a quote decision adds to its own
 * transaction. Sending it is `shop-email.ts`'s (the trigger and the sweeper, which hold the SMTP
 * secret); the writers of decisions (the customer API, the ingestion) only add the document.
 */

/** The outbox id of an action's email. */
export function shopEmailId(actionId: string): string {
  return actionId;
}

/** What the email is about. */
export interface ShopEmailFacts {
  actionId: string;
  ticketId: string;
  action: CustomerAction;
  channel: 'whatsapp' | 'sms' | 'web';
  amountEur: number | null;
  shownText: string;
  at: Date;
}

/** Adds the outbox document to the decision's transaction. */
export function addShopEmail(tx: Transaction, db: Firestore, id: string, facts: ShopEmailFacts) {
  tx.create(db.collection(COLLECTIONS.shopEmails).doc(id), {
    ...facts,
    at: ts(facts.at),
    status: 'planned',
    attempts: 0,
    leaseUntil: null,
    notBefore: null,
    to: null,
    lastError: null,
    sentAt: null,
    providerId: null,
    createdAt: ts(facts.at),
  });
}

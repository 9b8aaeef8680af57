import { createHmac } from 'node:crypto';
import { shortLink } from '@omega/templates';
import type { Firestore, WriteBatch } from 'firebase-admin/firestore';
import { COLLECTIONS } from '../store/collections.ts';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * The short-link id of a ticket: 10 base-62 characters of an HMAC-SHA256 of the ticket id.
 * Stable (every message about a ticket carries the same link) and unguessable without the
 * secret; it carries no data itself.
 */
export function ticketShortId(ticketId: string, secret: string): string {
  const digest = createHmac('sha256', secret).update(`ticket:${ticketId}`).digest();
  let id = '';
  for (let i = 0; i < 10; i += 1) id += BASE62[(digest[i] as number) % 62];
  return id;
}

/** The link the templates put in messages about a ticket: `https://<domain>/t/<id>`. */
export function ticketLink(ticketId: string, options: { domain: string; secret: string }): string {
  return shortLink(options.domain, ticketShortId(ticketId, options.secret));
}

/**
 * Adds the ticket's `short_links/{id}` document to `batch` (merge: idempotent, keeps the
 * click counter). Written with the notification's history documents, so the link exists
 * before any message carrying it goes out. The landing page opens tracking, pre-filled
 * registration and notification preferences for the ticket.
 */
export function addTicketLink(
  batch: WriteBatch,
  db: Firestore,
  input: { ticketId: string; clientId: string; customerId: string | null },
  options: { secret: string },
): void {
  const id = ticketShortId(input.ticketId, options.secret);
  batch.set(
    db.collection(COLLECTIONS.shortLinks).doc(id),
    {
      url: `/tickets/${encodeURIComponent(input.ticketId)}`,
      purpose: 'tracking',
      ticketId: input.ticketId,
      clientId: input.clientId,
      customerId: input.customerId,
      expiresAt: null,
    },
    { merge: true },
  );
}

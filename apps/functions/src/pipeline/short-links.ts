import { createHmac } from 'node:crypto';
import { shortLink } from '@omega/templates';
import type { Firestore } from 'firebase-admin/firestore';
import { isAlreadyExists } from '../store/claims.ts';
import { COLLECTIONS } from '../store/collections.ts';
import { ts } from '../store/timestamps.ts';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * The short-link id of a ticket: 10 base-62 characters of an HMAC-SHA256 of the ticket id.
 * Stable (every message about a ticket carries the same link, created once) and unguessable
 * without the secret; it carries no data itself.
 */
export function ticketShortId(ticketId: string, secret: string): string {
  const digest = createHmac('sha256', secret).update(`ticket:${ticketId}`).digest();
  let id = '';
  for (let i = 0; i < 10; i += 1) id += BASE62[(digest[i] as number) % 62];
  return id;
}

/**
 * Makes sure `short_links/{id}` exists for the ticket (create-if-absent) and returns the link
 * the templates put in messages. The landing page opens tracking, pre-filled registration and
 * preferences for the ticket.
 */
export async function ensureTicketLink(
  db: Firestore,
  input: { ticketId: string; clientId: string; customerId: string | null; now: Date },
  options: { domain: string; secret: string; appUrl?: string },
): Promise<string> {
  const id = ticketShortId(input.ticketId, options.secret);
  try {
    await db
      .collection(COLLECTIONS.shortLinks)
      .doc(id)
      .create({
        url: `${options.appUrl ?? ''}/tickets/${encodeURIComponent(input.ticketId)}`,
        purpose: 'tracking',
        ticketId: input.ticketId,
        clientId: input.clientId,
        customerId: input.customerId,
        createdAt: ts(input.now),
        expiresAt: null,
        clicks: 0,
      });
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
  return shortLink(options.domain, id);
}

import { createHmac } from 'node:crypto';
import { shortLink } from '@omega/templates';
import { type Firestore, Timestamp, type WriteBatch } from 'firebase-admin/firestore';
import { COLLECTIONS } from '../store/collections.ts';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** How long a link keeps working after the last message that carried it. */
export const LINK_TTL_DAYS = 90;

/**
 * The short-link id of a ticket: 10 base-62 characters (59 bits) of an HMAC-SHA256 of the
 * ticket id and the link's generation. To anyone without the server-side secret it is a random
 * id that carries no data; for us it is stable (every message about a ticket carries the same
 * link, with no extra read). Revoking a link bumps the ticket's `shortLinkGeneration`, so the
 * next message carries a fresh id.
 */
export function ticketShortId(ticketId: string, secret: string, generation = 0): string {
  const input = generation === 0 ? `ticket:${ticketId}` : `ticket:${ticketId}:${generation}`;
  const digest = createHmac('sha256', secret).update(input).digest();
  let id = '';
  for (let i = 0; i < 10; i += 1) id += BASE62[(digest[i] as number) % 62];
  return id;
}

/** The link the templates put in messages about a ticket: `https://<domain>/t/<id>`. */
export function ticketLink(
  ticketId: string,
  options: { domain: string; secret: string; generation?: number },
): string {
  return shortLink(options.domain, ticketShortId(ticketId, options.secret, options.generation));
}

/**
 * Adds the ticket's `short_links/{id}` document to `batch` (merge: idempotent, keeps the
 * click counter and a revocation). Written with the notification's history documents, so the
 * link exists before any message carrying it goes out; each message pushes its expiry to
 * {@link LINK_TTL_DAYS} days later. The landing page (`customerApi`) opens tracking, pre-filled
 * registration and notification preferences for the ticket.
 */
export function addTicketLink(
  batch: WriteBatch,
  db: Firestore,
  input: {
    ticketId: string;
    clientId: string;
    customerId: string | null;
    generation?: number;
    now: Date;
  },
  options: { secret: string },
): void {
  const generation = input.generation ?? 0;
  const id = ticketShortId(input.ticketId, options.secret, generation);
  batch.set(
    db.collection(COLLECTIONS.shortLinks).doc(id),
    {
      url: `/tickets/${encodeURIComponent(input.ticketId)}`,
      purpose: 'tracking',
      ticketId: input.ticketId,
      clientId: input.clientId,
      customerId: input.customerId,
      generation,
      expiresAt: Timestamp.fromMillis(input.now.getTime() + LINK_TTL_DAYS * 86_400_000),
    },
    { merge: true },
  );
}

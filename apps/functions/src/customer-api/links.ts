import type { Result } from '@omega/core';
import { SHORT_ID_PATTERN } from '@omega/templates';
import type { DocumentSnapshot, Firestore } from 'firebase-admin/firestore';
import { type LoadedCustomer, loadCustomer } from '../customers/index.ts';
import { ApiError, dateOf, num, str } from '../http/index.ts';
import { COLLECTIONS } from '../store/collections.ts';
import { parseDoc, type TicketDoc, ticketSchema } from '../store/documents.ts';

/** Why a link opens nothing. The page says which, and shows no data. */
export type LinkRefusal = 'unknown' | 'expired' | 'revoked';

/** A link that opens: its ticket and the ticket's customer, nobody else. */
export interface OpenLink {
  linkId: string;
  ticketId: string;
  ticket: TicketDoc;
  ticketSnap: DocumentSnapshot;
  customer: LoadedCustomer;
  expiresAt: Date | null;
}

/**
 * Resolves a short-link id to its ticket and customer. Refused: an id that is malformed or not
 * in `short_links` (`unknown`, also when its ticket or customer is gone), past its `expiresAt`
 * (`expired`), revoked by staff, superseded by a newer link of the ticket, or pointing at a
 * ticket that now belongs to another client (`revoked`). The customer comes from the ticket's
 * own `clientId`/`customerId`, never from the request.
 */
export async function resolveLink(
  db: Firestore,
  linkId: string,
  now: Date,
): Promise<Result<OpenLink, { code: LinkRefusal }>> {
  const refuse = (code: LinkRefusal) => ({ ok: false as const, error: { code } });
  if (!SHORT_ID_PATTERN.test(linkId)) return refuse('unknown');
  const link = await db.collection(COLLECTIONS.shortLinks).doc(linkId).get();
  if (!link.exists) return refuse('unknown');
  if (link.get('revokedAt')) return refuse('revoked');
  const expiresAt = dateOf(link.get('expiresAt'));
  if (expiresAt && expiresAt.getTime() <= now.getTime()) return refuse('expired');
  const ticketId = str(link.get('ticketId'));
  if (!ticketId) return refuse('unknown');
  const ticketSnap = await db.collection(COLLECTIONS.tickets).doc(ticketId).get();
  const parsed = ticketSnap.exists ? parseDoc(ticketSchema, ticketSnap.data()) : null;
  if (!parsed?.ok) return refuse('unknown');
  const ticket = parsed.value;
  if (ticket.clientId !== str(link.get('clientId'))) return refuse('revoked');
  if ((ticket.shortLinkGeneration ?? 0) !== (num(link.get('generation')) ?? 0)) {
    return refuse('revoked');
  }
  const customer =
    (ticket.customerId ? await loadOrNull(db, 'profile', ticket.customerId) : null) ??
    (await loadOrNull(db, 'client', ticket.clientId));
  if (!customer) return refuse('unknown');
  return {
    ok: true,
    value: { linkId, ticketId, ticket, ticketSnap, customer, expiresAt },
  };
}

async function loadOrNull(
  db: Firestore,
  kind: 'profile' | 'client',
  id: string,
): Promise<LoadedCustomer | null> {
  try {
    return await loadCustomer(db, kind, id);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

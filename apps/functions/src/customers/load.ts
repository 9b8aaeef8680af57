// A customer's documents, read the same way by the staff API and the customer API.
import type { DocumentSnapshot, Firestore } from 'firebase-admin/firestore';
import { notFound, str } from '../http/index.ts';
import { COLLECTIONS } from '../store/collections.ts';
import {
  type ClientDoc,
  clientSchema,
  type ProfileDoc,
  parseDoc,
  profileSchema,
} from '../store/documents.ts';

/** A customer is either a registered profile or a walk-in client record. */
export type CustomerKind = 'profile' | 'client';

/** A customer's documents, whichever side (profile or client) the request named. */
export interface LoadedCustomer {
  kind: CustomerKind;
  id: string;
  clientId: string | null;
  customerId: string | null;
  client: ClientDoc | null;
  profile: ProfileDoc | null;
  clientSnap: DocumentSnapshot | null;
  profileSnap: DocumentSnapshot | null;
}

/**
 * Loads a customer by profile id or client id, following the link to the other side
 * (`customer_profiles.clientId`, `clients.customerId`). Throws a 404 when the named document
 * does not exist.
 */
export async function loadCustomer(
  db: Firestore,
  kind: CustomerKind,
  id: string,
): Promise<LoadedCustomer> {
  const first = await db
    .collection(kind === 'profile' ? COLLECTIONS.profiles : COLLECTIONS.clients)
    .doc(id)
    .get();
  if (!first.exists) throw notFound('Client');
  let profileSnap: DocumentSnapshot | null = kind === 'profile' ? first : null;
  let clientSnap: DocumentSnapshot | null = kind === 'client' ? first : null;
  const linked = kind === 'profile' ? str(first.get('clientId')) : str(first.get('customerId'));
  if (linked) {
    const other = await db
      .collection(kind === 'profile' ? COLLECTIONS.clients : COLLECTIONS.profiles)
      .doc(linked)
      .get();
    if (other.exists) {
      if (kind === 'profile') clientSnap = other;
      else profileSnap = other;
    }
  }
  const client = clientSnap ? parseDoc(clientSchema, clientSnap.data()) : null;
  const profile = profileSnap ? parseDoc(profileSchema, profileSnap.data()) : null;
  return {
    kind: profileSnap ? 'profile' : 'client',
    id: profileSnap?.id ?? id,
    clientId: clientSnap?.id ?? null,
    customerId: profileSnap?.id ?? null,
    client: client?.ok ? client.value : null,
    profile: profile?.ok ? profile.value : null,
    clientSnap,
    profileSnap,
  };
}

/** The phone number consent records and suppressions are about: the first valid candidate. */
export function primaryPhone(c: LoadedCustomer): string | null {
  return c.profile?.phoneNumber || c.client?.phone || null;
}

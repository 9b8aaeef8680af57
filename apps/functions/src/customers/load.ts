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
  return customerOf(id, clientSnap, profileSnap);
}

function customerOf(
  id: string,
  clientSnap: DocumentSnapshot | null,
  profileSnap: DocumentSnapshot | null,
): LoadedCustomer {
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

/**
 * {@link loadCustomer} for many customers at once, in two batched reads (`getAll`): the named
 * documents, then the documents they link to. `null` for a named document that does not exist.
 * Returns the documents read, for the caller's read count.
 */
export async function loadCustomers(
  db: Firestore,
  wanted: ReadonlyArray<{ kind: CustomerKind; id: string }>,
): Promise<{ customers: Array<LoadedCustomer | null>; documentsRead: number }> {
  const collectionOf = (kind: CustomerKind) =>
    db.collection(kind === 'profile' ? COLLECTIONS.profiles : COLLECTIONS.clients);
  const keyOf = (kind: CustomerKind, id: string) => `${kind}/${id}`;
  const snaps = new Map<string, DocumentSnapshot>();
  const read = async (keys: Array<{ kind: CustomerKind; id: string }>) => {
    const fresh = [
      ...new Map(
        keys.filter((k) => !snaps.has(keyOf(k.kind, k.id))).map((k) => [keyOf(k.kind, k.id), k]),
      ).values(),
    ];
    if (fresh.length === 0) return 0;
    const got = await db.getAll(...fresh.map((k) => collectionOf(k.kind).doc(k.id)));
    fresh.forEach((k, i) => {
      const snap = got[i];
      if (snap) snaps.set(keyOf(k.kind, k.id), snap);
    });
    return fresh.length;
  };
  let documentsRead = await read([...wanted]);
  const linkOf = (k: { kind: CustomerKind; id: string }) => {
    const snap = snaps.get(keyOf(k.kind, k.id));
    if (!snap?.exists) return null;
    const linked = k.kind === 'profile' ? str(snap.get('clientId')) : str(snap.get('customerId'));
    if (!linked) return null;
    return { kind: (k.kind === 'profile' ? 'client' : 'profile') as CustomerKind, id: linked };
  };
  documentsRead += await read(wanted.flatMap((k) => linkOf(k) ?? []));
  const customers = wanted.map((k) => {
    const first = snaps.get(keyOf(k.kind, k.id));
    if (!first?.exists) return null;
    const link = linkOf(k);
    const other = link ? snaps.get(keyOf(link.kind, link.id)) : undefined;
    const linked = other?.exists ? other : null;
    return k.kind === 'profile' ? customerOf(k.id, linked, first) : customerOf(k.id, first, linked);
  });
  return { customers, documentsRead };
}

/** The phone number consent records and suppressions are about: the first valid candidate. */
export function primaryPhone(c: LoadedCustomer): string | null {
  return c.profile?.phoneNumber || c.client?.phone || null;
}

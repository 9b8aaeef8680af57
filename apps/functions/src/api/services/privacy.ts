import { parsePhone } from '@omega/core';
import {
  type DocumentReference,
  type DocumentSnapshot,
  type Firestore,
  type QueryDocumentSnapshot,
  Timestamp,
  type WriteBatch,
} from 'firebase-admin/firestore';
import { addConsentErasure } from '../../consent/write.ts';
import type { LoadedCustomer } from '../../customers/index.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import { addErasure } from '../../store/history.ts';
import { ts } from '../../store/timestamps.ts';

/** Firestore values as JSON: timestamps become ISO strings. */
export function plainData(value: unknown): unknown {
  if (value instanceof Timestamp) return value.toDate().toISOString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plainData);
  if (value && typeof value === 'object' && !(value as { path?: unknown }).path)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainData(v)]));
  if (value && typeof value === 'object') return String((value as { path: string }).path);
  return value;
}

function numbersOf(c: LoadedCustomer): string[] {
  const out = new Set<string>();
  for (const raw of [c.profile?.phoneNumber, c.client?.phone]) {
    if (!raw) continue;
    const parsed = parsePhone(raw, { defaultCountry: 'FR' });
    if (parsed.ok) out.add(parsed.value.e164);
  }
  return [...out];
}

async function ownedQueries(db: Firestore, c: LoadedCustomer, collection: string) {
  const snaps = await Promise.all([
    c.customerId ? db.collection(collection).where('customerId', '==', c.customerId).get() : null,
    c.clientId ? db.collection(collection).where('clientId', '==', c.clientId).get() : null,
  ]);
  const byId = new Map<string, QueryDocumentSnapshot>();
  for (const snap of snaps) for (const doc of snap?.docs ?? []) byId.set(doc.ref.path, doc);
  return [...byId.values()];
}

/** The GDPR export of a customer (right of access): every document omega-notify holds about them. */
export async function exportCustomer(db: Firestore, c: LoadedCustomer, now: Date) {
  const numbers = numbersOf(c);
  const [tickets, history, consent, conversations, suppressions] = await Promise.all([
    ownedQueries(db, c, COLLECTIONS.tickets),
    ownedQueries(db, c, COLLECTIONS.history),
    ownedQueries(db, c, COLLECTIONS.consentLog),
    Promise.all(
      numbers.map(async (n) => {
        const ref = db.collection(COLLECTIONS.conversations).doc(n);
        const [conv, messages] = await Promise.all([ref.get(), ref.collection('messages').get()]);
        return conv.exists || !messages.empty
          ? {
              id: n,
              ...(plainData(conv.data() ?? {}) as object),
              messages: messages.docs.map((m) => ({
                id: m.id,
                ...(plainData(m.data()) as object),
              })),
            }
          : null;
      }),
    ),
    numbers.length > 0
      ? db.getAll(...numbers.map((n) => db.collection(COLLECTIONS.suppressions).doc(n)))
      : [],
  ]);
  const docs = (list: DocumentSnapshot[]) =>
    list.map((d) => ({ id: d.id, ...(plainData(d.data()) as object) }));
  return {
    exportedAt: now.toISOString(),
    client: c.clientSnap
      ? { id: c.clientSnap.id, ...(plainData(c.clientSnap.data()) as object) }
      : null,
    profile: c.profileSnap
      ? { id: c.profileSnap.id, ...(plainData(c.profileSnap.data()) as object) }
      : null,
    tickets: docs(tickets),
    notifications: docs(history),
    consentLog: docs(consent),
    conversations: conversations.filter((x) => x !== null),
    suppressions: docs(suppressions.filter((s) => s.exists)),
  };
}

/** Writes in batches of at most 400 operations. */
async function inBatches(db: Firestore, ops: Array<(batch: WriteBatch) => void>): Promise<void> {
  for (let i = 0; i < ops.length; i += 400) {
    const batch = db.batch();
    for (const op of ops.slice(i, i + 400)) op(batch);
    await batch.commit();
  }
}

/**
 * Erasure (right to be forgotten) of what omega-notify holds: conversations and their messages
 * are deleted; notification history keeps its statistics but loses the address and texts;
 * consent records are kept as the legal proof of consent and objection, without the number;
 * the suppression entry is kept so an objection keeps being honoured; the client and profile
 * lose name, phone, email and push tokens and are stamped `erasedAt`. Short links are deleted.
 */
export async function eraseCustomer(
  db: Firestore,
  c: LoadedCustomer,
  context: { at: Date; actor: string },
) {
  const numbers = numbersOf(c);
  const [history, consent, links, messageSnaps] = await Promise.all([
    ownedQueries(db, c, COLLECTIONS.history),
    ownedQueries(db, c, COLLECTIONS.consentLog),
    ownedQueries(db, c, COLLECTIONS.shortLinks),
    Promise.all(
      numbers.map((n) =>
        db.collection(COLLECTIONS.conversations).doc(n).collection('messages').get(),
      ),
    ),
  ]);
  const at = ts(context.at);
  const ops: Array<(b: WriteBatch) => void> = [];
  const del = (ref: DocumentReference) => ops.push((b) => b.delete(ref));
  for (const snap of messageSnaps) for (const m of snap.docs) del(m.ref);
  for (const n of numbers) del(db.collection(COLLECTIONS.conversations).doc(n));
  for (const h of history) ops.push((b) => addErasure(b, h.ref, context.at));
  for (const r of consent) ops.push((b) => addConsentErasure(b, r.ref));
  for (const l of links) del(l.ref);
  const profileRef = c.profileSnap?.ref;
  const clientRef = c.clientSnap?.ref;
  if (profileRef)
    ops.push((b) =>
      b.update(profileRef, {
        firstName: null,
        lastName: null,
        email: null,
        phoneNumber: null,
        pushTokens: [],
        erasedAt: at,
        erasedBy: context.actor,
      }),
    );
  if (clientRef)
    ops.push((b) =>
      b.update(clientRef, {
        name: 'Client effacé',
        firstName: null,
        phone: null,
        email: null,
        erasedAt: at,
        erasedBy: context.actor,
      }),
    );
  await inBatches(db, ops);
  return {
    erasedAt: context.at.toISOString(),
    conversationsDeleted: numbers.length,
    messagesDeleted: messageSnaps.reduce((s, snap) => s + snap.size, 0),
    notificationsAnonymised: history.length,
    consentRecordsKept: consent.length,
    shortLinksDeleted: links.length,
  };
}

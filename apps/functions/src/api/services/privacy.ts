import { parsePhone } from '@omega/core';
import {
  type DocumentReference,
  type DocumentSnapshot,
  FieldValue,
  type Firestore,
  type QueryDocumentSnapshot,
  Timestamp,
  type WriteBatch,
} from 'firebase-admin/firestore';
import { addConsentErasure, addSuppressionErasure } from '../../consent/write.ts';
import type { LoadedCustomer } from '../../customers/index.ts';
import type { MediaStore } from '../../media/store.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import { addErasure } from '../../store/history.ts';
import { ts } from '../../store/timestamps.ts';
import { scrubbedFields } from './scrub-numbers.ts';

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

/** Whether a document names this customer as its owner (`customerId` or `clientId`). */
function ownedBy(c: LoadedCustomer, data: Record<string, unknown> | undefined): boolean {
  if (!data) return false;
  return (
    (c.customerId !== null && data.customerId === c.customerId) ||
    (c.clientId !== null && data.clientId === c.clientId)
  );
}

/** A document that names no owner at all (an answer to a number we could not link). */
function ownerless(data: Record<string, unknown> | undefined): boolean {
  return !data?.customerId && !data?.clientId;
}

const E164 = /^\+[1-9]\d{5,14}$/;

/** An E.164 number as stored (`+33…`, `whatsapp:+33…`), or null for anything else. */
function storedNumber(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const bare = value.replace(/^whatsapp:/i, '').trim();
  return E164.test(bare) ? bare : null;
}

/**
 * Erasure (right to be forgotten) of what omega-notify holds, and of every copy of the
 * customer's numbers — the current ones and any their records name (a phone mark, a consent
 * record, an SMS/WhatsApp notification). Where each copy lives is `docs/data-model.md`
 * ("Erasure"); `test/api/erasure.test.ts` checks every location it names.
 * - Deleted: conversations of those numbers (theirs, or of their current number) with their
 *   messages and acknowledgements, the frequency counters `contact_counts/{e164}`, short links,
 *   the push catcher's copies.
 * - Anonymised, statistics kept: notification history (address, texts, and any number left in a
 *   field), its status events (Twilio's `To`/`From` and any other parameter holding the number),
 *   the send claims (`outbound.to`), the alerts about those notifications or documents.
 * - Kept as legal proof, without the number: consent records (`e164: null`).
 * - Kept so the objection keeps being honoured: the suppression entry `suppressions/{e164}`, its
 *   links to the customer removed (`clientId`, `customerId` null, `erasedAt`). Every send path
 *   looks the number up before contacting it, and Twilio's own opt-out list keeps it too: a
 *   keyed hash would tie the list to a secret whose rotation or loss silently lifts every
 *   objection, and a plain hash of a phone number is reversed by enumerating the numbering plan.
 *   `docs/data-model.md` ("Erasure") says why.
 * - The client and profile lose name, phone, email, push tokens and phone mark, stamped `erasedAt`.
 */
export async function eraseCustomer(
  db: Firestore,
  c: LoadedCustomer,
  context: { at: Date; actor: string; media?: MediaStore | undefined },
) {
  const current = numbersOf(c);
  const [owned, consent, links] = await Promise.all([
    ownedQueries(db, c, COLLECTIONS.history),
    ownedQueries(db, c, COLLECTIONS.consentLog),
    ownedQueries(db, c, COLLECTIONS.shortLinks),
  ]);
  const numbers = new Set(current);
  const add = (value: unknown) => {
    const n = storedNumber(value);
    if (n) numbers.add(n);
  };
  for (const snap of [c.clientSnap, c.profileSnap]) add(snap?.get('phoneStatus.e164'));
  for (const r of consent) add(r.get('e164'));
  for (const h of owned) if (['sms', 'whatsapp'].includes(h.get('channel'))) add(h.get('to'));
  const all = [...numbers];

  // Notifications sent to those numbers that name nobody else (automatic answers to a number
  // we could not link) are theirs too.
  const history = new Map(owned.map((h) => [h.ref.path, h]));
  const byNumber = await Promise.all(
    all.map((n) => db.collection(COLLECTIONS.history).where('to', '==', n).get()),
  );
  for (const snap of byNumber)
    for (const h of snap.docs)
      if (ownedBy(c, h.data()) || ownerless(h.data())) history.set(h.ref.path, h);
  const historyDocs = [...history.values()];

  const [events, claims, alerts, conversations, suppressions] = await Promise.all([
    Promise.all(historyDocs.map((h) => h.ref.collection(COLLECTIONS.statusEvents).get())),
    Promise.all(
      historyDocs.map((h) =>
        db.collection(COLLECTIONS.claims).where('notificationId', '==', h.id).get(),
      ),
    ),
    Promise.all([
      ...historyDocs.map((h) =>
        db.collection(COLLECTIONS.alerts).where('notificationId', '==', h.id).get(),
      ),
      db
        .getAll(
          db
            .collection(COLLECTIONS.alerts)
            .doc(`invalid_data_${COLLECTIONS.clients}_${c.clientId}`),
          db
            .collection(COLLECTIONS.alerts)
            .doc(`invalid_data_${COLLECTIONS.profiles}_${c.customerId}`),
        )
        .then((docs) => ({ docs: docs.filter((d) => d.exists) })),
    ]),
    Promise.all(
      all.map(async (n) => {
        const ref = db.collection(COLLECTIONS.conversations).doc(n);
        const [conv, messages, acks] = await Promise.all([
          ref.get(),
          ref.collection('messages').get(),
          ref.collection('acks').get(),
        ]);
        const theirs =
          current.includes(n) || ownedBy(c, conv.data()) || (conv.exists && ownerless(conv.data()));
        return theirs
          ? { ref, exists: conv.exists, messages: messages.docs, acks: acks.docs }
          : null;
      }),
    ),
    all.length > 0
      ? db.getAll(...all.map((n) => db.collection(COLLECTIONS.suppressions).doc(n)))
      : Promise.resolve([]),
  ]);

  const at = ts(context.at);
  const ops: Array<(b: WriteBatch) => void> = [];
  const del = (ref: DocumentReference) => ops.push((b) => b.delete(ref));
  const scrub = (snap: DocumentSnapshot, extra: Record<string, unknown> = {}) => {
    const changes = { ...scrubbedFields(snap.data(), all), ...extra };
    if (Object.keys(changes).length > 0) ops.push((b) => b.update(snap.ref, changes));
  };

  // The customer's photos first (their messages name them): a failure here leaves the documents,
  // so erasing again finds and deletes what is left.
  const mediaPaths = conversations.flatMap((conv) =>
    (conv?.messages ?? []).flatMap((m) =>
      ((m.get('media') ?? []) as Array<{ path?: unknown }>).flatMap((item) =>
        typeof item.path === 'string' ? [item.path] : [],
      ),
    ),
  );
  if (context.media) for (const path of mediaPaths) await context.media.delete(path);
  let messagesDeleted = 0;
  let conversationsDeleted = 0;
  for (const conv of conversations) {
    if (!conv) continue;
    for (const m of [...conv.messages, ...conv.acks]) del(m.ref);
    messagesDeleted += conv.messages.length;
    if (conv.exists) conversationsDeleted += 1;
    del(conv.ref);
  }
  for (const n of all) del(db.collection(COLLECTIONS.contactCounts).doc(n));
  for (const h of historyDocs) {
    ops.push((b) => addErasure(b, h.ref, context.at, scrubbedFields(h.data(), all)));
    del(db.collection(COLLECTIONS.pushOutbox).doc(h.id));
  }
  for (const snap of events) for (const e of snap.docs) scrub(e);
  for (const snap of claims) for (const claim of snap.docs) scrub(claim);
  for (const snap of alerts) for (const alert of snap.docs) scrub(alert as DocumentSnapshot);
  for (const r of consent) ops.push((b) => addConsentErasure(b, r.ref));
  for (const s of suppressions)
    if (s.exists && (ownedBy(c, s.data()) || current.includes(s.id)))
      ops.push((b) => addSuppressionErasure(b, s.ref, context.at));
  for (const l of links) del(l.ref);
  const profileSnap = c.profileSnap;
  const clientSnap = c.clientSnap;
  if (profileSnap?.exists)
    scrub(profileSnap, {
      firstName: null,
      lastName: null,
      email: null,
      phoneNumber: null,
      pushTokens: [],
      phoneStatus: FieldValue.delete(),
      erasedAt: at,
      erasedBy: context.actor,
    });
  if (clientSnap?.exists)
    scrub(clientSnap, {
      name: 'Client effacé',
      firstName: null,
      phone: null,
      email: null,
      phoneStatus: FieldValue.delete(),
      erasedAt: at,
      erasedBy: context.actor,
    });
  await inBatches(db, ops);
  return {
    erasedAt: context.at.toISOString(),
    numbersErased: all.length,
    conversationsDeleted,
    messagesDeleted,
    mediaDeleted: context.media ? mediaPaths.length : 0,
    notificationsAnonymised: historyDocs.length,
    consentRecordsKept: consent.length,
    suppressionsKept: suppressions.filter((s) => s.exists).length,
    shortLinksDeleted: links.length,
  };
}

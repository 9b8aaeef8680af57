// Erasure removes every copy of the customer's numbers. The list of places a number can live is
// checked against docs/data-model.md (a field the model names that the list lacks fails the
// first test), then a customer whose numbers reached every one of them through the real writers
// (ticket → SMS, claim and counters; a status callback; inbound messages, an escalation and a
// STOP) is erased and each place is read back.
import { readFileSync } from 'node:fs';
import type { DocumentSnapshot, Firestore } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { ingestInboundEvent } from '../../src/ingest/inbound.ts';
import { ingestStatusEvent } from '../../src/ingest/status-events.ts';
import { seedWalkIn, ticket } from '../support/fixtures.ts';
import { createTicket } from '../support/triggers.ts';
import { type ApiHarness, TOKENS, useApiHarness } from './support/api-harness.ts';

/** A place the data model says can hold a phone number, and what erasure leaves there. */
interface PhoneLocation {
  /** The data model's section (its heading's collection). */
  section: string;
  /** The names the data model uses for it there (fields, paths with `{e164}`). */
  mentions: string[];
  /** What the erased customer's documents must look like afterwards. */
  after: 'deleted' | 'without the number' | 'kept, unlinked';
  /** The erased customer's documents at this place (after erasure: what is left). */
  read(db: Firestore): Promise<DocumentSnapshot[]>;
}

const NUMBER = '+33612345678';
const OLD_NUMBER = '+33698765432'; // a previous number of theirs, named by a phone mark
const OTHER = '+33781223344'; // another customer's, untouched

const docs = async (db: Firestore, paths: string[]) => db.getAll(...paths.map((p) => db.doc(p)));
const all = async (db: Firestore, collection: string) =>
  (await db.collection(collection).get()).docs;
const theirHistory = async (db: Firestore) =>
  (await all(db, 'notification_history')).filter((d) => d.get('clientId') === 'c1');

const LOCATIONS: PhoneLocation[] = [
  {
    section: 'clients',
    mentions: ['phone', 'phoneStatus', 'e164'],
    after: 'without the number',
    read: (db) => docs(db, ['clients/c1']),
  },
  {
    section: 'customer_profiles',
    // `phone`: the profile section points at the linked client's `phone` (checked above).
    mentions: ['phoneNumber', 'phoneStatus', 'phone'],
    after: 'without the number',
    read: (db) => docs(db, ['customer_profiles/p1']),
  },
  {
    section: 'notification_history',
    mentions: ['to', 'errorMessage', 'errors'],
    after: 'without the number',
    read: theirHistory,
  },
  {
    section: 'notification_history',
    mentions: ['To', 'From', 'params'], // status_events
    after: 'without the number',
    read: async (db) =>
      (
        await Promise.all(
          (
            await theirHistory(db)
          ).map(async (h) => (await h.ref.collection('status_events').get()).docs),
        )
      ).flat(),
  },
  {
    section: 'send_claims',
    mentions: ['outbound', 'to'], // outbound.to
    after: 'without the number',
    read: async (db) => {
      const ids = new Set((await theirHistory(db)).map((h) => h.id));
      return (await all(db, 'send_claims')).filter((c) => ids.has(c.get('notificationId')));
    },
  },
  {
    section: 'contact_counts',
    mentions: ['contact_counts/{e164}'],
    after: 'deleted',
    read: (db) => docs(db, [`contact_counts/${NUMBER}`, `contact_counts/${OLD_NUMBER}`]),
  },
  {
    section: 'suppressions',
    mentions: ['suppressions/{e164}', 'e164'],
    after: 'kept, unlinked',
    read: (db) => docs(db, [`suppressions/${NUMBER}`]),
  },
  {
    section: 'consent_log',
    mentions: ['e164'],
    after: 'without the number',
    read: async (db) =>
      (await all(db, 'consent_log')).filter(
        (r) => r.get('clientId') === 'c1' || r.get('customerId') === 'p1',
      ),
  },
  {
    section: 'conversations',
    mentions: [
      'conversations/{e164}',
      'conversations/{e164}/messages/{MessageSid}',
      'conversations/{e164}/acks/{bucket}',
      'e164',
    ],
    after: 'deleted',
    read: async (db) => [
      ...(await docs(db, [`conversations/${NUMBER}`, `conversations/${OLD_NUMBER}`])),
      ...(await db.collection(`conversations/${NUMBER}/messages`).get()).docs,
      ...(await db.collection(`conversations/${NUMBER}/acks`).get()).docs,
      ...(await db.collection(`conversations/${OLD_NUMBER}/messages`).get()).docs,
    ],
  },
  {
    section: 'alerts',
    mentions: ['message'],
    after: 'without the number',
    read: async (db) => {
      const ids = new Set((await theirHistory(db)).map((h) => h.id));
      return (await all(db, 'alerts')).filter((a) => ids.has(a.get('notificationId')));
    },
  },
];

/** Names the data model uses that look like a number but are not one. */
const NOT_NUMBERS: Record<string, string> = {
  'clients: PhoneStatus': 'the type of `phoneStatus` (its `e164` is listed)',
  'customer_profiles: PhoneStatus': 'the type of `phoneStatus` (its `e164` is listed)',
  'clients: phone_marked_invalid': 'a skip reason',
  'notification_history: phoneSource': 'where the number was taken from (`client` / `profile`)',
  'notification_history: phoneStatus':
    'status_events `followUps.phoneStatus`: the kind of mark (`invalid`…), not the number',
};

/**
 * Every name `docs/data-model.md` gives to something that can hold a phone number, as
 * `<section>: <name>`: paths with an `{e164}` segment; in its tables, fields named like a phone
 * or an E.164 number and fields whose notes say E.164; in its text and inline shapes, names
 * containing `phone` or `e164`, `to`, and Twilio's `To`/`From`; names on a line that says E.164.
 */
function phoneNamesInDataModel(markdown: string): Set<string> {
  const PHONE = /phone|e164/i;
  const found = new Set<string>();
  for (const section of markdown.split(/^## /m).slice(1)) {
    const heading = section.split('\n', 1)[0] ?? '';
    const collection = /^`([a-z_]+)[/`]/.exec(heading)?.[1];
    if (!collection) continue;
    const add = (name: string) => found.add(`${collection}: ${name.replace(/\?$/, '')}`);
    for (const [, path = ''] of section.matchAll(/`([a-z_]+(?:\/[^`\s/]+)+)`/g))
      if (path.includes('{e164}')) add(path);
    for (const [, span = ''] of section.matchAll(/`([^`]+)`/g)) {
      if (/^[A-Za-z_][\w.]*\??$/.test(span)) {
        if (PHONE.test(span) || ['to', 'To', 'From'].includes(span)) add(span);
      } else if (span.trim().startsWith('{')) {
        for (const [, key = ''] of span.matchAll(/([A-Za-z_]\w*)\??\s*[:,}]/g))
          if (PHONE.test(key)) add(key);
      }
    }
    for (const line of section.split('\n')) {
      if (!/E\.164/.test(line)) continue;
      const cells = line.startsWith('|') ? (line.split('|')[1] ?? '') : line;
      for (const [, name = ''] of cells.matchAll(/`([A-Za-z_][\w.]*)\??`/g)) add(name);
    }
  }
  return found;
}

let h: ApiHarness;
useApiHarness({
  started: (started) => {
    h = started;
  },
});

describe('erasure: the places a number can live', () => {
  const model = readFileSync(new URL('../../../../docs/data-model.md', import.meta.url), 'utf8');
  const named = phoneNamesInDataModel(model);
  const listed = new Set(LOCATIONS.flatMap((l) => l.mentions.map((m) => `${l.section}: ${m}`)));

  it('lists every field docs/data-model.md says can hold a phone number', () => {
    const missing = [...named].filter((n) => !listed.has(n) && !(n in NOT_NUMBERS));
    expect(missing, 'add them to LOCATIONS (and to privacy.ts’s erasure)').toEqual([]);
  });

  it('lists nothing the data model no longer names', () => {
    expect([...listed].filter((n) => !named.has(n))).toEqual([]);
    expect(Object.keys(NOT_NUMBERS).filter((n) => !named.has(n))).toEqual([]);
  });

  it('finds a new phone field written into the model', () => {
    const edited = model.replace(
      "| `locale?` | `'fr' \\| 'en'` | defaults to `fr` |",
      "| `locale?` | `'fr' \\| 'en'` | defaults to `fr` |\n| `landline` | string | a second number, E.164 |",
    );
    expect(edited).not.toBe(model);
    expect(phoneNamesInDataModel(edited).has('clients: landline')).toBe(true);
  });
});

/** A customer whose numbers reached every place through the real writers. */
async function customerEverywhere() {
  const mark = () => ({
    e164: OLD_NUMBER,
    status: 'invalid',
    code: 21211,
    channel: 'sms',
    at: h.clock.now(),
    notificationId: null,
  });
  await seedWalkIn(h.db, 'c1', { phone: '06 12 34 56 78' });
  // Someone else, who must keep everything.
  await seedWalkIn(h.db, 'c2', { name: 'Marie Curie', phone: '07 81 22 33 44' });

  // A ticket: the SMS (history `to`, the claim's `outbound.to`, `contact_counts/{e164}`).
  await createTicket(h, 't1', ticket({ clientId: 'c1' }));
  await createTicket(h, 't2', ticket({ clientId: 'c2', trackingCode: 'OM-2603-0002' }));
  await h.queue.drain();
  const sms = (await theirHistory(h.db)).find((d) => d.get('channel') === 'sms');
  expect(sms?.get('to')).toBe(NUMBER);
  // Then they register (the profile, linked), and a previous number of theirs is on record as
  // invalid on both sides (`phoneStatus.e164`).
  await h.db.doc('clients/c1').update({ customerId: 'p1', phoneStatus: mark() });
  await h.db.doc('customer_profiles/p1').set({
    firstName: 'Jean',
    lastName: 'Martin',
    email: 'jean.martin@example.fr',
    phoneNumber: '+33 6 12 34 56 78',
    clientId: 'c1',
    notificationPreferences: {
      emailEnabled: false,
      smsEnabled: false,
      whatsappEnabled: false,
      pushEnabled: false,
    },
    phoneStatus: mark(),
  });
  // Its delivery callback (status_events `params.To`).
  await ingestStatusEvent(h.deps, {
    id: `status:${sms?.get('metadata.twilioMessageId')}:delivered`,
    type: 'status',
    receivedAt: h.clock.now().toISOString(),
    notificationId: sms?.id as string,
    params: {
      MessageSid: sms?.get('metadata.twilioMessageId'),
      MessageStatus: 'delivered',
      To: NUMBER,
      From: 'OMEGA',
      AccountSid: 'AC00000000000000000000000000000000',
    },
  });
  // A provider refusal that quotes the number (history errors, the alert's message).
  const quoted = `The 'To' number ${NUMBER} is not a valid phone number.`;
  await sms?.ref.update({
    errors: [
      {
        at: h.clock.now(),
        attempt: 1,
        code: 21211,
        httpStatus: 400,
        action: 'alert',
        message: quoted,
      },
    ],
    errorMessage: quoted,
  });
  await h.db.doc(`alerts/send_${sms?.id}`).set({
    kind: 'send_error',
    notificationId: sms?.id,
    code: 21211,
    message: quoted,
    at: h.clock.now(),
    acknowledgedAt: null,
  });
  // Inbound messages: a question (the conversation, its message, an escalation ack and its
  // answer), then STOP (a consent record with the number, the suppression entry).
  for (const [i, body] of ['Bonjour, il est prêt ?', 'STOP'].entries()) {
    await ingestInboundEvent(h.deps, {
      id: `inbound:SMin${i}`,
      type: 'inbound',
      receivedAt: h.clock.now().toISOString(),
      params: { MessageSid: `SMin${i}0000000000000000000000000000`, From: NUMBER, Body: body },
    });
    await h.queue.drain();
  }
  await ingestInboundEvent(h.deps, {
    id: 'inbound:SMother',
    type: 'inbound',
    receivedAt: h.clock.now().toISOString(),
    params: { MessageSid: 'SMother000000000000000000000000000', From: OTHER, Body: 'STOP' },
  });
  // Their old number's conversation and counters (linked to them).
  await h.db
    .doc(`conversations/${OLD_NUMBER}`)
    .set({ e164: OLD_NUMBER, clientId: 'c1', unread: 0 });
  await h.db.doc(`conversations/${OLD_NUMBER}/messages/SMold`).set({ body: 'ancien' });
  await h.db.doc(`contact_counts/${OLD_NUMBER}`).set({ d_20260101: 1 });
  await h.queue.drain();
}

const DIGITS = [NUMBER, OLD_NUMBER].map((n) => n.slice(1));
/** Whether a document holds either number, in its data or as its id. */
const carries = (d: DocumentSnapshot) =>
  DIGITS.some((n) => d.ref.path.includes(n) || JSON.stringify(d.data()).includes(n));

describe('erasure: every copy of the number', () => {
  it('leaves no copy of either number anywhere the data model says one can live', async () => {
    await customerEverywhere();
    for (const l of LOCATIONS) {
      const found = (await l.read(h.db)).filter((d) => d.exists);
      const withNumber = found.filter(carries);
      // The scenario put a number in every place (or the check below proves nothing).
      expect([l.section, l.mentions[0], withNumber.length > 0]).toEqual([
        l.section,
        l.mentions[0],
        true,
      ]);
    }

    const res = await h.json<Record<string, unknown>>(
      'POST',
      '/api/staff/customers/profile/p1/erase',
      {
        token: TOKENS.admin,
        body: { confirm: 'EFFACER' },
      },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ numbersErased: 2, suppressionsKept: 1 });

    for (const l of LOCATIONS) {
      const left = (await l.read(h.db)).filter((d) => d.exists);
      const label = `${l.section}: ${l.mentions.join(', ')}`;
      if (l.after === 'deleted') {
        expect([label, left.map((d) => d.ref.path)]).toEqual([label, []]);
        continue;
      }
      expect([label, left.length > 0]).toEqual([label, true]);
      for (const d of left) {
        const text = JSON.stringify(d.data());
        const leaked = DIGITS.filter((n) => text.includes(n));
        if (l.after === 'kept, unlinked') {
          // The objection stays: the number is its id and field, nothing says whose it is.
          expect(d.data()).toMatchObject({ e164: NUMBER, clientId: null, customerId: null });
          expect(d.get('erasedAt')).toBeTruthy();
        } else expect([d.ref.path, leaked]).toEqual([d.ref.path, []]);
      }
    }
    // Named fields, as the data model says.
    const client = (await h.db.doc('clients/c1').get()).data();
    expect(client).toMatchObject({ phone: null, name: 'Client effacé' });
    expect(client).not.toHaveProperty('phoneStatus');
    const profile = (await h.db.doc('customer_profiles/p1').get()).data();
    expect(profile).toMatchObject({ phoneNumber: null });
    expect(profile).not.toHaveProperty('phoneStatus');
    const history = await theirHistory(h.db);
    expect(history.every((d) => d.get('to') === null && d.get('erasedAt'))).toBe(true);
    const events = await LOCATIONS[3]?.read(h.db);
    expect(events?.map((e) => e.get('params.To'))).toEqual([null]);
    expect(events?.map((e) => e.get('status'))).toEqual(['delivered']);
  });

  it('leaves the other customer’s number where it was', async () => {
    await customerEverywhere();
    await h.call('POST', '/api/staff/customers/profile/p1/erase', {
      token: TOKENS.admin,
      body: { confirm: 'EFFACER' },
    });
    expect((await h.db.doc('clients/c2').get()).get('phone')).toBe('07 81 22 33 44');
    expect((await h.db.doc(`conversations/${OTHER}`).get()).exists).toBe(true);
    expect((await h.db.doc(`contact_counts/${OTHER}`).get()).exists).toBe(true);
    expect((await h.db.doc(`suppressions/${OTHER}`).get()).get('clientId')).toBe('c2');
    const theirs = (await all(h.db, 'notification_history')).filter(
      (d) => d.get('clientId') === 'c2',
    );
    expect(theirs.find((d) => d.get('channel') === 'sms')?.get('to')).toBe(OTHER);
  });
});

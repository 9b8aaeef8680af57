import {
  addCalendarDays,
  type ConsentRecord,
  type CountryCode,
  type MessagingChannel,
  type PhoneMark,
  parsePhone,
  providerHeldChannels,
  type Recipient,
} from '@omega/core';
import type { DocumentReference, DocumentSnapshot, Firestore } from 'firebase-admin/firestore';
import { logs } from '../logs.ts';
import { COLLECTIONS } from '../store/collections.ts';
import {
  type ClientDoc,
  clientSchema,
  type PhoneStatus,
  type ProfileDoc,
  parseDoc,
  profileSchema,
  suppressionSchema,
} from '../store/documents.ts';
import { parisDayAndMonth } from '../store/timestamps.ts';

/** The recipient of a ticket's notification, as core's cascade sees it, plus what rendering needs. */
export interface LoadedRecipient {
  recipient: Recipient;
  client: ClientDoc | null;
  profile: ProfileDoc | null;
  firstName: string | null;
  locale: 'fr' | 'en';
  /** SMS + WhatsApp sends to the recipient's first valid number today and over 7 days. */
  recentSendCounts: { lastDay: number; lastWeek: number };
  /**
   * A client or profile document that exists but does not parse: the recipient is unknown, and
   * nothing may be sent on a guess (a registered customer read as a walk-in would get the
   * walk-in's service-basis SMS they refused). `null` when every document read is readable.
   */
  invalid: InvalidDocument | null;
}

/** A stored document that does not parse: which one, and what is wrong. */
export interface InvalidDocument {
  /** `customer_profiles/u1`, `clients/c1`. */
  document: string;
  problem: string;
}

/** `contact_counts/{e164}` field of a Paris day: `d_20260105`. */
export function contactCountField(at: Date): string {
  return `d_${parisDayAndMonth(at).day.replaceAll('-', '')}`;
}

function lastDays(now: Date, n: number): string[] {
  const today = parisDayAndMonth(now).day;
  return Array.from({ length: n }, (_, i) => `d_${addCalendarDays(today, -i).replaceAll('-', '')}`);
}

function marksOf(...statuses: Array<PhoneStatus | null | undefined>): PhoneMark[] {
  return statuses
    .filter((s): s is PhoneStatus => !!s)
    .map((s) => ({ e164: s.e164, status: s.status }));
}

function consentLogOf(doc: { consent?: ProfileDoc['consent'] } | null): ConsentRecord[] {
  return Object.values(doc?.consent ?? {}).filter((r): r is ConsentRecord => !!r);
}

function parseRecipientDocs(
  input: { clientId: string; customerId: string | null; ticketId: string },
  clientSnap: DocumentSnapshot | undefined,
  profileSnap: DocumentSnapshot | undefined,
): { client: ClientDoc | null; profile: ProfileDoc | null; invalid: InvalidDocument | null } {
  let client: ClientDoc | null = null;
  let invalid: InvalidDocument | null = null;
  if (clientSnap?.exists) {
    const parsed = parseDoc(clientSchema, clientSnap.data());
    if (parsed.ok) client = parsed.value;
    else {
      invalid = {
        document: `${COLLECTIONS.clients}/${input.clientId}`,
        problem: parsed.error.message,
      };
      logs.ticketDataMissing(input.ticketId, `client ${input.clientId}: ${parsed.error.message}`);
    }
  } else {
    logs.ticketDataMissing(input.ticketId, `client ${input.clientId} not found`);
  }
  const profile = parseProfile(input, profileSnap);
  return { client, profile: profile.profile, invalid: invalid ?? profile.invalid };
}

function parseProfile(
  input: { customerId: string | null; ticketId: string },
  profileSnap: DocumentSnapshot | undefined,
): { profile: ProfileDoc | null; invalid: InvalidDocument | null } {
  if (!profileSnap?.exists) return { profile: null, invalid: null };
  const parsed = parseDoc(profileSchema, profileSnap.data());
  if (parsed.ok) return { profile: parsed.value, invalid: null };
  logs.ticketDataMissing(input.ticketId, `profile ${input.customerId}: ${parsed.error.message}`);
  return {
    profile: null,
    invalid: {
      document: `${COLLECTIONS.profiles}/${input.customerId}`,
      problem: parsed.error.message,
    },
  };
}

/** The suppression entries of a recipient's numbers: our scope, and what Twilio's list holds. */
export interface NumberSuppressions {
  scopes: Record<string, 'all' | MessagingChannel>;
  providerHeld: Record<string, MessagingChannel[]>;
}

/** Adds a number's suppression document (if any) to `into`; an unreadable one blocks everything. */
function addSuppression(
  into: NumberSuppressions,
  e164: string,
  snap: DocumentSnapshot | undefined,
): void {
  if (!snap?.exists) return;
  const parsed = parseDoc(suppressionSchema, snap.data());
  if (!parsed.ok) {
    into.scopes[e164] = 'all';
    into.providerHeld[e164] = ['sms', 'whatsapp'];
    return;
  }
  const { scope, reason, providerHeld } = parsed.value;
  into.scopes[e164] = scope;
  const held = providerHeldChannels({
    scope,
    reason: reason ?? null,
    ...(providerHeld ? { providerHeld } : {}),
  });
  if (held.length > 0) into.providerHeld[e164] = held;
}

const noSuppressions = (): NumberSuppressions => ({ scopes: {}, providerHeld: {} });

function loaded(
  input: { clientId: string; customerId: string | null },
  docs: { client: ClientDoc | null; profile: ProfileDoc | null; invalid: InvalidDocument | null },
  suppressions: NumberSuppressions,
  recentSendCounts: LoadedRecipient['recentSendCounts'],
): LoadedRecipient {
  const { client, profile } = docs;
  const recipient = buildRecipient({
    customerId: input.customerId,
    clientId: input.clientId,
    client,
    profile,
    suppressions: suppressions.scopes,
    providerOptOuts: suppressions.providerHeld,
  });
  return {
    recipient,
    client,
    profile,
    firstName: profile?.firstName || client?.firstName || null,
    locale: profile?.locale ?? client?.locale ?? 'fr',
    recentSendCounts,
    invalid: docs.invalid,
  };
}

/**
 * Loads the client, the profile, the suppression entries and the frequency counters of the
 * recipient's candidate numbers: two batched reads (`getAll`), 2–5 documents; the second needs
 * the numbers the first returns. `defaultCountry` may still be on its way (the settings read
 * runs alongside the first batch).
 */
export async function loadRecipient(
  db: Firestore,
  input: { clientId: string; customerId: string | null; ticketId: string },
  options: {
    defaultCountry: CountryCode | PromiseLike<CountryCode>;
    now: Date;
    withCounts: boolean;
  },
): Promise<LoadedRecipient> {
  const refs: DocumentReference[] = [db.collection(COLLECTIONS.clients).doc(input.clientId)];
  if (input.customerId) refs.push(db.collection(COLLECTIONS.profiles).doc(input.customerId));
  const [[clientSnap, profileSnap], defaultCountry] = await Promise.all([
    db.getAll(...refs),
    options.defaultCountry,
  ]);
  const docs = parseRecipientDocs(input, clientSnap, profileSnap);
  const { client, profile } = docs;

  const numbers: string[] = [];
  for (const raw of [profile?.phoneNumber, client?.phone]) {
    if (!raw) continue;
    const parsed = parsePhone(raw, { defaultCountry });
    if (parsed.ok && !numbers.includes(parsed.value.e164)) numbers.push(parsed.value.e164);
  }
  const suppressions = noSuppressions();
  let recentSendCounts = { lastDay: 0, lastWeek: 0 };
  if (numbers.length > 0) {
    const stateRefs = numbers.map((n) => db.collection(COLLECTIONS.suppressions).doc(n));
    const first = numbers[0] as string;
    if (options.withCounts) stateRefs.push(db.collection(COLLECTIONS.contactCounts).doc(first));
    const snaps = await db.getAll(...stateRefs);
    numbers.forEach((n, i) => {
      addSuppression(suppressions, n, snaps[i]);
    });
    if (options.withCounts) recentSendCounts = countsOf(snaps[numbers.length], options.now);
  }
  return loaded(input, docs, suppressions, recentSendCounts);
}

/** Whose state the send gate reads: a message's ticket, recipient and number. */
export interface RecheckTarget {
  /** The ticket it is about (`null`: none). */
  ticketId: string | null;
  clientId: string | null;
  customerId: string | null;
  /** The number the message goes to (SMS, WhatsApp); null for email and push. */
  e164: string | null;
}

/** What the send gate reads: the ticket as it is now, the recipient and the number's counts. */
export interface RecheckState {
  /** `null` when the message is about no ticket. */
  ticketSnap: DocumentSnapshot | null;
  loaded: LoadedRecipient;
}

/**
 * The send gate's fresh reads, in one batched read (`getAll`): the ticket (superseded status),
 * the client and the profile (consent, preferences, phone marks, WhatsApp window), and for the
 * number the message goes to, `e164`, its suppression entry (a STOP since planning) and its
 * frequency counters. Unlike {@link loadRecipient} it needs no second round trip: the number is
 * the history document's `to`, known before the read; other numbers of the recipient are not
 * looked up (the gate only asks about `e164`).
 */
export async function loadRecheckState(
  db: Firestore,
  input: RecheckTarget,
  options: { now: Date },
): Promise<RecheckState> {
  const refs: DocumentReference[] = [];
  const at = (ref: DocumentReference | null): number => (ref ? refs.push(ref) - 1 : -1);
  const ticketAt = at(
    input.ticketId ? db.collection(COLLECTIONS.tickets).doc(input.ticketId) : null,
  );
  const clientAt = at(
    input.clientId ? db.collection(COLLECTIONS.clients).doc(input.clientId) : null,
  );
  const profileAt = at(
    input.customerId ? db.collection(COLLECTIONS.profiles).doc(input.customerId) : null,
  );
  const suppressionAt = at(
    input.e164 ? db.collection(COLLECTIONS.suppressions).doc(input.e164) : null,
  );
  const countsAt = at(input.e164 ? db.collection(COLLECTIONS.contactCounts).doc(input.e164) : null);
  const snaps = refs.length > 0 ? await db.getAll(...refs) : [];
  const pick = (i: number) => (i >= 0 ? snaps[i] : undefined);
  const subject = { ...input, clientId: input.clientId ?? '', ticketId: input.ticketId ?? '' };
  const docs = input.clientId
    ? parseRecipientDocs(subject, pick(clientAt), pick(profileAt))
    : { client: null, ...parseProfile(subject, pick(profileAt)) };
  const suppressions = noSuppressions();
  if (input.e164) addSuppression(suppressions, input.e164, pick(suppressionAt));
  return {
    ticketSnap: pick(ticketAt) ?? null,
    loaded: loaded(subject, docs, suppressions, countsOf(pick(countsAt), options.now)),
  };
}

function countsOf(
  counts: DocumentSnapshot | undefined,
  now: Date,
): LoadedRecipient['recentSendCounts'] {
  if (!counts?.exists) return { lastDay: 0, lastWeek: 0 };
  const days = lastDays(now, 7);
  const value = (field: string) => Number(counts.get(field) ?? 0);
  return {
    lastDay: value(days[0] as string),
    lastWeek: days.reduce((sum, d) => sum + value(d), 0),
  };
}

/** Core's `Recipient` from the stored client and profile (no read). */
export function buildRecipient(input: {
  customerId: string | null;
  clientId: string;
  client: ClientDoc | null;
  profile: ProfileDoc | null;
  suppressions?: Record<string, 'all' | MessagingChannel>;
  /** The channels Twilio's opt-out list holds, by number (core's `Recipient.providerOptOuts`). */
  providerOptOuts?: Record<string, MessagingChannel[]>;
}): Recipient {
  const { client, profile } = input;
  const registered = profile !== null;
  return {
    customerId: input.customerId,
    clientId: input.clientId,
    profile: registered
      ? {
          email: profile.email ?? null,
          phoneNumber: profile.phoneNumber ?? null,
          notificationPreferences: profile.notificationPreferences ?? null,
          pushTokens: profile.pushTokens ?? [],
        }
      : null,
    client: { phone: client?.phone ?? null, email: client?.email ?? null },
    consentLog: consentLogOf(registered ? profile : client),
    phoneMarks: marksOf(profile?.phoneStatus, client?.phoneStatus),
    suppressions: input.suppressions ?? {},
    providerOptOuts: input.providerOptOuts ?? {},
    lastInboundWhatsAppAt: profile?.whatsappLastInboundAt ?? client?.whatsappLastInboundAt ?? null,
  };
}

import {
  CHANNELS,
  type ConsentSource,
  consentStateOf,
  isInsideWhatsAppWindow,
  type MessagingChannel,
  type NotificationSettings,
  parsePhone,
  planNotification,
  whatsappWindowClosesAt,
} from '@omega/core';
import type { DocumentSnapshot, Firestore } from 'firebase-admin/firestore';
import { skipReasonText } from '../../pipeline/reasons.ts';
import { buildRecipient } from '../../pipeline/recipient.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import {
  type ClientDoc,
  clientSchema,
  type ProfileDoc,
  parseDoc,
  profileSchema,
} from '../../store/documents.ts';
import { notFound } from '../errors.ts';
import type {
  ChannelState,
  ConsentEntry,
  CustomerDetail,
  CustomerKind,
  CustomerSummary,
  PhoneInfo,
  TicketSummary,
} from '../types.ts';
import { historyItem } from './history.ts';
import { iso, num, str } from './time.ts';

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

/** The search-result line of a loaded customer. */
export function summaryOf(c: LoadedCustomer): CustomerSummary {
  const name = c.profile
    ? [c.profile.firstName, c.profile.lastName].filter(Boolean).join(' ')
    : (c.client?.name ?? '');
  return {
    kind: c.kind,
    id: c.id,
    clientId: c.clientId,
    customerId: c.customerId,
    name: name || '(sans nom)',
    phone: c.profile?.phoneNumber ?? c.client?.phone ?? null,
    email: c.profile?.email ?? c.client?.email ?? null,
    registered: c.profile !== null,
  };
}

/** The phone number consent records and suppressions are about: the first valid candidate. */
export function primaryPhone(c: LoadedCustomer): string | null {
  return c.profile?.phoneNumber || c.client?.phone || null;
}

/** What {@link reachability} found: phones, suppressions, the recipient and each channel's state. */
export interface Reachability {
  parsedPhones: Array<{
    source: 'profile' | 'client';
    raw: string;
    parsed: ReturnType<typeof parsePhone>;
  }>;
  suppressionInfo: Map<string, PhoneInfo['suppression']>;
  recipient: ReturnType<typeof buildRecipient>;
  channels: ChannelState[];
}

/**
 * Per-channel consent and reachability of a customer: core's planner on a "ticket received"
 * (registered) or welcome (walk-in) event, so the reasons are the pipeline's own, with the
 * suppression list of every number on file (one `getAll`). Shared by the staff customer page
 * and the customer's own preferences page.
 */
export async function reachability(
  db: Firestore,
  c: LoadedCustomer,
  settings: NotificationSettings,
  now: Date,
): Promise<Reachability> {
  const phones: Array<{ source: 'profile' | 'client'; raw: string }> = [];
  if (c.profile?.phoneNumber) phones.push({ source: 'profile', raw: c.profile.phoneNumber });
  if (c.client?.phone) phones.push({ source: 'client', raw: c.client.phone });
  const parsedPhones = phones.map((p) => ({
    ...p,
    parsed: parsePhone(p.raw, { defaultCountry: settings.defaultCountry }),
  }));
  const e164s = [
    ...new Set(parsedPhones.flatMap((p) => (p.parsed.ok ? [p.parsed.value.e164] : []))),
  ];
  const suppressionSnaps =
    e164s.length > 0
      ? await db.getAll(...e164s.map((n) => db.collection(COLLECTIONS.suppressions).doc(n)))
      : [];
  const suppressions: Record<string, 'all' | MessagingChannel> = {};
  const suppressionInfo = new Map<string, PhoneInfo['suppression']>();
  for (const snap of suppressionSnaps) {
    if (!snap.exists) continue;
    const scope = (str(snap.get('scope')) ?? 'all') as 'all' | MessagingChannel;
    suppressions[snap.id] = scope;
    suppressionInfo.set(snap.id, {
      scope,
      reason: str(snap.get('reason')),
      at: iso(snap.get('createdAt')),
    });
  }

  const recipient = buildRecipient({
    clientId: c.clientId ?? c.id,
    customerId: c.customerId,
    client: c.client,
    profile: c.profile,
    suppressions,
  });
  const consent = consentStateOf(recipient);
  const plan = planNotification(
    {
      kind: c.profile ? 'ticket_received' : 'walk_in_welcome',
      ticketId: 'preview',
      ticketStatus: 'received',
      changeId: 'preview',
    },
    recipient,
    { now, settings, budgetSpentEur: 0, recentSendCounts: { lastDay: 0, lastWeek: 0 } },
  );
  const channels: ChannelState[] = CHANNELS.map((channel) => {
    const reason = plan.eligibility[channel];
    return {
      channel,
      granted: consent[channel].granted,
      explicit: consent[channel].explicit,
      since: consent[channel].at ? consent[channel].at.toISOString() : null,
      source: consent[channel].source,
      basis: plan.channels[channel].basis,
      reachable: reason === null,
      reason: reason ? skipReasonText(reason) : null,
      reasonCode: reason,
    };
  });
  return { parsedPhones, suppressionInfo, recipient, channels };
}

/**
 * Everything the customer page shows: per-channel consent and reachability
 * ({@link reachability}), the consent log, phone numbers with their Twilio marks and
 * suppressions, tickets and recent history.
 */
export async function customerDetail(
  db: Firestore,
  c: LoadedCustomer,
  settings: NotificationSettings,
  now: Date,
): Promise<CustomerDetail> {
  const ownerField = c.customerId ? 'customerId' : 'clientId';
  const ownerId = (c.customerId ?? c.clientId) as string;
  const [reach, consentSnap, ticketSnap, historySnap] = await Promise.all([
    reachability(db, c, settings, now),
    db
      .collection(COLLECTIONS.consentLog)
      .where(ownerField, '==', ownerId)
      .orderBy('at', 'desc')
      .limit(100)
      .get(),
    c.clientId
      ? db.collection(COLLECTIONS.tickets).where('clientId', '==', c.clientId).limit(50).get()
      : c.customerId
        ? db.collection(COLLECTIONS.tickets).where('customerId', '==', c.customerId).limit(50).get()
        : null,
    db
      .collection(COLLECTIONS.history)
      .where(ownerField, '==', ownerId)
      .orderBy('createdAt', 'desc')
      .limit(30)
      .get(),
  ]);
  const { parsedPhones, suppressionInfo, recipient, channels } = reach;

  const marks = [c.profile?.phoneStatus, c.client?.phoneStatus].filter((m) => !!m);
  const phoneInfos: PhoneInfo[] = parsedPhones.map((p) => {
    const e164 = p.parsed.ok ? p.parsed.value.e164 : null;
    const mark = e164 ? marks.find((m) => m?.e164 === e164) : undefined;
    return {
      source: p.source,
      raw: p.raw,
      e164,
      valid: p.parsed.ok,
      type: p.parsed.ok ? p.parsed.value.type : null,
      smsCapable: p.parsed.ok ? p.parsed.value.smsCapable : false,
      zone: p.parsed.ok ? p.parsed.value.zone : null,
      error: p.parsed.ok ? null : p.parsed.error.message,
      mark: mark
        ? {
            status: mark.status,
            code: mark.code ?? null,
            at: mark.at ? mark.at.toISOString() : null,
          }
        : null,
      suppression: e164 ? (suppressionInfo.get(e164) ?? null) : null,
    };
  });

  const consentHistory: ConsentEntry[] = consentSnap.docs.map((doc) => {
    const d = doc.data();
    return {
      id: doc.id,
      channel: d.channel,
      granted: d.granted === true,
      at: iso(d.at),
      source: d.source as ConsentSource,
      actor: str(d.actor) ?? '?',
      wordingVersion: str(d.wordingVersion) ?? '?',
      scope: d.scope === 'all' ? 'all' : 'channel',
    };
  });
  const tickets: TicketSummary[] = (ticketSnap?.docs ?? [])
    .map((doc) => ({
      id: doc.id,
      device: str(doc.get('device')) ?? '',
      status: str(doc.get('status')) ?? '?',
      trackingCode: str(doc.get('trackingCode')) ?? '',
      updatedAt: iso(doc.get('updatedAt')) ?? iso(doc.get('createdAt')),
      amountDueEur: num(doc.get('amountDueEur')),
    }))
    .sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? ''));
  const lastInbound = recipient.lastInboundWhatsAppAt ?? null;
  return {
    summary: summaryOf(c),
    locale: c.profile?.locale ?? c.client?.locale ?? 'fr',
    channels,
    consentHistory,
    phones: phoneInfos,
    tickets,
    history: historySnap.docs.map(historyItem),
    whatsappWindow: {
      open: isInsideWhatsAppWindow(lastInbound, now),
      closesAt: whatsappWindowClosesAt(lastInbound)?.toISOString() ?? null,
    },
  };
}

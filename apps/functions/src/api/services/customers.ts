// The staff customer page: a customer's search line and everything the page shows.
import {
  type ConsentSource,
  isInsideWhatsAppWindow,
  type NotificationSettings,
  whatsappWindowClosesAt,
} from '@omega/core';
import type { Firestore } from 'firebase-admin/firestore';
import { type LoadedCustomer, reachability } from '../../customers/index.ts';
import { iso, num, str } from '../../http/index.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import type {
  ConsentEntry,
  CustomerDetail,
  CustomerSummary,
  PhoneInfo,
  TicketSummary,
} from '../types.ts';
import { historyItem } from './history.ts';
import { ticketDecision } from './ticket-actions.ts';

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
      ...ticketDecision(doc),
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

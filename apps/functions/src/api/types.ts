// The staff API's response shapes: what the dashboard receives (times are ISO strings).
import type { Channel, ConsentSource, PriceZone } from '@omega/core';
import type { ChannelState, CustomerKind, PhoneSuppression } from '../customers/index.ts';

export type { ChannelState, CustomerKind, PhoneSuppression };

/** One search hit. */
export interface CustomerSummary {
  kind: CustomerKind;
  id: string;
  clientId: string | null;
  customerId: string | null;
  name: string;
  phone: string | null;
  email: string | null;
  registered: boolean;
}

/** One consent record of the log. */
export interface ConsentEntry {
  id: string;
  channel: Channel;
  granted: boolean;
  at: string | null;
  source: ConsentSource;
  actor: string;
  wordingVersion: string;
  scope: 'channel' | 'all';
}

/** One of the customer's phone numbers and what we know about it. */
export interface PhoneInfo {
  source: 'profile' | 'client';
  raw: string;
  e164: string | null;
  valid: boolean;
  type: string | null;
  smsCapable: boolean;
  zone: PriceZone | null;
  error: string | null;
  /** Twilio said invalid / landline / unknown handset (applies to this number only). */
  mark: { status: string; code: number | null; at: string | null } | null;
  suppression: PhoneSuppression | null;
}

/** A ticket as listed on a customer. */
export interface TicketSummary {
  id: string;
  device: string;
  status: string;
  trackingCode: string;
  updatedAt: string | null;
  amountDueEur: number | null;
}

/** One status change of a notification. */
export interface TimelineEntry {
  status: string;
  at: string | null;
  source: string;
  detail: string | null;
}

/** A `notification_history` document as the dashboard shows it. */
export interface HistoryItem {
  id: string;
  ticketId: string | null;
  customerId: string | null;
  clientId: string | null;
  channel: Channel;
  kind: string;
  priority: string | null;
  status: string;
  to: string | null;
  skipReason: string | null;
  reasonText: string | null;
  createdAt: string | null;
  sentAt: string | null;
  deliveredAt: string | null;
  notBefore: string | null;
  errorCode: number | string | null;
  errorMessage: string | null;
  attempts: number;
  costEur: number | null;
  segments: number | null;
  planSkips: Record<string, string>;
  timeline: TimelineEntry[];
  origin: string | null;
}

/** A customer's detail page. */
export interface CustomerDetail {
  summary: CustomerSummary;
  locale: 'fr' | 'en';
  channels: ChannelState[];
  consentHistory: ConsentEntry[];
  phones: PhoneInfo[];
  tickets: TicketSummary[];
  history: HistoryItem[];
  whatsappWindow: { open: boolean; closesAt: string | null };
}

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

/** A ticket as listed on a customer (with the customer's decisions on it). */
export interface TicketSummary extends TicketDecision {
  id: string;
  device: string;
  status: string;
  trackingCode: string;
  updatedAt: string | null;
  amountDueEur: number | null;
}

/** A ticket's customer decisions, as the ticket document holds them (docs/data-model.md). */
export interface TicketDecision {
  quoteDecision: 'accepted' | 'declined' | null;
  quoteDecidedAt: string | null;
  quoteDecisionAmountEur: number | null;
  quoteDecisionActionId: string | null;
  /** `YYYY-MM-DD` (Europe/Paris): the day the customer said they would come. */
  pickupPlannedFor: string | null;
  callbackRequestedAt: string | null;
  appointmentConfirmedAt: string | null;
  appointmentChangeRequestedAt: string | null;
  lastCustomerActionAt: string | null;
}

/** One entry of a ticket's action log. */
export interface ActionLogItem {
  id: string;
  ticketId: string | null;
  action: string;
  outcome: 'applied' | 'refused';
  reason: string | null;
  /** The refusal in plain French for staff (core's `ACTION_REFUSAL_TEXT`). */
  reasonText: string | null;
  channel: 'whatsapp' | 'sms' | 'web';
  via: string | null;
  messageSid: string | null;
  linkId: string | null;
  at: string | null;
  /** The wording the customer saw when acting, and the quote amount then. */
  shown: { text: string; amountEur: number | null; notificationId: string | null };
  customerId: string | null;
  clientId: string | null;
  staffTodo: boolean;
  staffPriority: number;
  handledAt: string | null;
  handledBy: string | null;
}

/** An open staff task of the "À traiter" list. */
export interface StaffTodoItem extends ActionLogItem {
  customer: { kind: 'profile' | 'client'; id: string; name: string | null } | null;
  ticket: { id: string; device: string; trackingCode: string; status: string } | null;
  /** The customer's conversation in the inbox (its number), when they have one. */
  conversation: string | null;
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

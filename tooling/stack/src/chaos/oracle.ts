import { type NotificationStatus, TERMINAL_STATUSES } from '@omega/core';

// The chaos suite's judge. It is written from the consent rules of PRODUCT.md and the seed plan,
// not from the send gate's code: if the gate and the oracle disagree, one of them is wrong, and
// the run prints which messages. (Only the vocabulary — which statuses are final — is core's.)

/** A channel of the system. */
export type OracleChannel = 'sms' | 'whatsapp' | 'email' | 'push';

/** What the driver did to a customer's consent, and when it committed (Firestore's write time). */
export type ConsentEvent =
  | { kind: 'stop'; e164: string; channel: 'sms' | 'whatsapp'; at: Date }
  | { kind: 'preference_off'; customerId: string; channel: OracleChannel; at: Date };

/** A customer as the driver created it. */
export interface OracleCustomer {
  clientId: string;
  /** Set for a registered customer (a profile). */
  customerId: string | null;
  e164: string;
  /** The profile's preferences at creation (registered customers). */
  preferences: Partial<Record<OracleChannel, boolean>>;
}

/** One message that reached a provider, as the history records it. */
export interface SentRecord {
  notificationId: string;
  channel: OracleChannel;
  kind: string;
  origin: string;
  clientId: string | null;
  customerId: string | null;
  to: string | null;
  /**
   * When the attempt that sent it started (its claim): the gate read after this instant. Null
   * when the history records no attempt for it (counted as unrecorded, not judged here).
   */
  claimedAt: Date | null;
}

/**
 * Kinds a walk-in may get without consent (the counter tells them): messages about their own
 * repair they must act on or expect. Progress updates need consent. (PRODUCT.md, "walk-ins".)
 */
const WALK_IN_SERVICE_KINDS = new Set([
  'walk_in_welcome',
  'ticket_received',
  'status_quote_pending',
  'status_completed',
  'status_cancelled',
  'appointment_changed',
  'pickup_reminder_1',
  'pickup_reminder_2',
  'pickup_reminder_final',
  'quote_reminder_1',
  'quote_reminder_2',
  'payment_reminder',
  'staff_urgent',
]);

/** A registered customer's channels before they chose: email and push on, SMS and WhatsApp off. */
const REGISTERED_DEFAULTS: Record<OracleChannel, boolean> = {
  email: true,
  push: true,
  sms: false,
  whatsapp: false,
};

/** The confirmation of a STOP: the one message a number that just opted out still gets. */
const OPT_OUT_CONFIRMATION = 'reply_opt_out';

/** Why a sent message breaks the consent rules, or null when it does not. */
export function unconsentedReason(
  sent: SentRecord,
  customer: OracleCustomer | undefined,
  events: readonly ConsentEvent[],
): string | null {
  if (!sent.claimedAt) return 'no recorded attempt to judge';
  const t = sent.claimedAt.getTime();
  const messaging = sent.channel === 'sms' || sent.channel === 'whatsapp';
  const number = sent.to ?? customer?.e164 ?? null;
  if (messaging && number && sent.kind !== OPT_OUT_CONFIRMATION) {
    const stop = events.find(
      (e) =>
        e.kind === 'stop' && e.e164 === number && e.channel === sent.channel && e.at.getTime() < t,
    );
    if (stop) return `${sent.channel} to ${number} after its STOP (${stop.at.toISOString()})`;
  }
  // Answers to the customer's own request (keywords) and staff replies are not notifications.
  if (sent.origin === 'auto_reply' || sent.origin === 'reply' || sent.origin === 'test')
    return null;
  if (!customer) return `a notification to an unknown recipient (${sent.clientId ?? '?'})`;
  if (customer.customerId) {
    const off = events.find(
      (e) =>
        e.kind === 'preference_off' &&
        e.customerId === customer.customerId &&
        e.channel === sent.channel &&
        e.at.getTime() < t,
    );
    if (off) return `${sent.channel} after the customer switched it off (${off.at.toISOString()})`;
    const initial = customer.preferences[sent.channel] ?? REGISTERED_DEFAULTS[sent.channel];
    return initial ? null : `${sent.channel}, which the customer never allowed`;
  }
  if (sent.channel !== 'sms' && sent.channel !== 'email') {
    return `${sent.channel} to a walk-in (needs an opt-in)`;
  }
  return WALK_IN_SERVICE_KINDS.has(sent.kind)
    ? null
    : `${sent.kind} to a walk-in without consent (not a service message)`;
}

/**
 * Whether a status ends a notification: Twilio's final statuses, and `sent` for email and push,
 * whose delivery no provider reports back (`sent` is their last word).
 */
export function isFinal(channel: string, status: string): boolean {
  if (TERMINAL_STATUSES.has(status as NotificationStatus)) return true;
  return status === 'sent' && (channel === 'email' || channel === 'push');
}

/** One history document as the judge reads it. */
export interface JudgedDoc {
  id: string;
  channel: string;
  status: string;
  providerId: string | null;
  /** `skipReason` or `errorCode`: why it ended without a message. */
  reason: string | null;
  notBefore: Date | null;
}

/** What the judge found: counts, and the ids behind each non-zero count. */
export interface Verdict {
  planned: number;
  sent: number;
  /** Messages at the provider beyond the first of each notification. */
  duplicates: string[];
  /** Planned, never sent, no terminal reason. */
  lost: string[];
  /** At the provider, but recorded under no notification or another SID. */
  unrecorded: string[];
  /** Neither terminal nor due in the future once the system is quiet. */
  nonTerminal: string[];
}

/**
 * Judges the history against what the provider holds (pure). `provider` maps each
 * notification id (from the status callback's `?n=`) to the SIDs the provider has for it.
 */
export function judge(
  docs: readonly JudgedDoc[],
  provider: ReadonlyMap<string, readonly string[]>,
  now: Date,
): Verdict {
  const verdict: Verdict = {
    planned: docs.length,
    sent: 0,
    duplicates: [],
    lost: [],
    unrecorded: [],
    nonTerminal: [],
  };
  const byId = new Map(docs.map((d) => [d.id, d]));
  for (const doc of docs) {
    if (doc.providerId) verdict.sent += 1;
    const future = doc.notBefore !== null && doc.notBefore.getTime() > now.getTime();
    const final = isFinal(doc.channel, doc.status);
    if (!final && !future) verdict.nonTerminal.push(doc.id);
    if (!doc.providerId && final && !doc.reason) verdict.lost.push(doc.id);
  }
  for (const [notificationId, sids] of provider) {
    if (sids.length > 1) verdict.duplicates.push(`${notificationId} (${sids.join(', ')})`);
    const doc = byId.get(notificationId);
    if (!doc?.providerId || !sids.includes(doc.providerId)) {
      verdict.unrecorded.push(`${notificationId} (${sids.join(', ')})`);
    }
  }
  return verdict;
}

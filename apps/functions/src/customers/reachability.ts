// What a customer can receive, per channel: shown on the staff customer page and on the
// customer's own preferences page.
import {
  CHANNELS,
  type Channel,
  type ConsentSource,
  consentStateOf,
  isMessagingChannel,
  type LawfulBasis,
  type MessagingChannel,
  type NotificationSettings,
  parsePhone,
  planNotification,
  providerHeldChannels,
  type SkipReason,
  type SuppressionEntry,
} from '@omega/core';
import type { DocumentSnapshot, Firestore } from 'firebase-admin/firestore';
import { suppressionEntryOf } from '../consent/write.ts';
import { iso } from '../http/index.ts';
import { skipReasonText } from '../pipeline/reasons.ts';
import { buildRecipient } from '../pipeline/recipient.ts';
import { COLLECTIONS } from '../store/collections.ts';
import type { LoadedCustomer } from './load.ts';

/** A channel's state for one customer. */
export interface ChannelState {
  channel: Channel;
  granted: boolean;
  /** A record decided it (`false`: the default). */
  explicit: boolean;
  since: string | null;
  source: ConsentSource | 'default';
  /** The lawful basis a service message would use now, `null` when none. */
  basis: LawfulBasis | null;
  /** Whether a "ticket received"/welcome message could go out on it now. */
  reachable: boolean;
  /** Why not, in plain French, when not reachable. */
  reason: string | null;
  /** Core's reason code behind `reason`. */
  reasonCode: SkipReason | null;
  /**
   * Twilio's opt-out list holds this channel for the customer's number (they sent STOP to
   * Twilio, or Twilio refused a send with 21610): nothing goes out on it and no grant by staff
   * or on the web lifts it — only the customer sending START.
   */
  providerOptOut: boolean;
}

/** A number on the suppression list: for which channels, why, since when. */
export interface PhoneSuppression {
  scope: string;
  reason: string | null;
  at: string | null;
  /** The channels of `scope` Twilio's opt-out list holds: only the customer's START lifts them. */
  providerHeld: MessagingChannel[];
}

/** What {@link reachability} found: phones, suppressions, the recipient and each channel's state. */
export interface Reachability {
  parsedPhones: Array<{
    source: 'profile' | 'client';
    raw: string;
    parsed: ReturnType<typeof parsePhone>;
  }>;
  suppressionInfo: Map<string, PhoneSuppression>;
  recipient: ReturnType<typeof buildRecipient>;
  channels: ChannelState[];
}

/** A customer's numbers on file, parsed (profile first, then the counter record). */
function phonesOf(c: LoadedCustomer, settings: NotificationSettings): Reachability['parsedPhones'] {
  const phones: Array<{ source: 'profile' | 'client'; raw: string }> = [];
  if (c.profile?.phoneNumber) phones.push({ source: 'profile', raw: c.profile.phoneNumber });
  if (c.client?.phone) phones.push({ source: 'client', raw: c.client.phone });
  return phones.map((p) => ({
    ...p,
    parsed: parsePhone(p.raw, { defaultCountry: settings.defaultCountry }),
  }));
}

function numbersOf(parsedPhones: Reachability['parsedPhones']): string[] {
  return [...new Set(parsedPhones.flatMap((p) => (p.parsed.ok ? [p.parsed.value.e164] : [])))];
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
  const [first] = (await reachabilities(db, [c], settings, now)).results;
  return first as Reachability;
}

/**
 * {@link reachability} of many customers with one `getAll` of every number's suppression entry
 * (the "who can't we reach?" worklist); `documentsRead` counts the entries asked for.
 */
export async function reachabilities(
  db: Firestore,
  customers: readonly LoadedCustomer[],
  settings: NotificationSettings,
  now: Date,
): Promise<{ results: Reachability[]; documentsRead: number }> {
  const phones = customers.map((c) => phonesOf(c, settings));
  const all = [...new Set(phones.flatMap(numbersOf))];
  const snaps =
    all.length > 0
      ? await db.getAll(...all.map((n) => db.collection(COLLECTIONS.suppressions).doc(n)))
      : [];
  const byNumber = new Map(snaps.map((snap) => [snap.id, snap]));
  const results = customers.map((c, i) =>
    reachabilityOf(c, phones[i] ?? [], byNumber, settings, now),
  );
  return { results, documentsRead: all.length };
}

function reachabilityOf(
  c: LoadedCustomer,
  parsedPhones: Reachability['parsedPhones'],
  suppressionSnaps: ReadonlyMap<string, DocumentSnapshot>,
  settings: NotificationSettings,
  now: Date,
): Reachability {
  const e164s = numbersOf(parsedPhones);
  const suppressions: Record<string, 'all' | MessagingChannel> = {};
  const providerOptOuts: Record<string, MessagingChannel[]> = {};
  const suppressionInfo = new Map<string, PhoneSuppression>();
  for (const e164 of e164s) {
    const snap = suppressionSnaps.get(e164);
    if (!snap?.exists) continue;
    const entry = suppressionEntryOf(snap) as SuppressionEntry;
    const providerHeld = providerHeldChannels(entry);
    suppressions[snap.id] = entry.scope;
    if (providerHeld.length > 0) providerOptOuts[snap.id] = providerHeld;
    suppressionInfo.set(snap.id, {
      scope: entry.scope,
      reason: entry.reason,
      at: iso(snap.get('createdAt')),
      providerHeld,
    });
  }

  const recipient = buildRecipient({
    clientId: c.clientId ?? c.id,
    customerId: c.customerId,
    client: c.client,
    profile: c.profile,
    suppressions,
    providerOptOuts,
  });
  // The number messages go to (the first valid one), as the pipeline picks it.
  const primary = e164s[0] ?? null;
  const heldOnPrimary = primary ? (providerOptOuts[primary] ?? []) : [];
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
      providerOptOut: isMessagingChannel(channel) && heldOnPrimary.includes(channel),
    };
  });
  return { parsedPhones, suppressionInfo, recipient, channels };
}

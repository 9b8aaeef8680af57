import { CHANNELS, type Channel, type NotificationSettings, planNotification } from '@omega/core';
import type { Firestore } from 'firebase-admin/firestore';
import { FieldValue } from 'firebase-admin/firestore';
import { buildRecipient } from '../pipeline/recipient.ts';
import { COLLECTIONS } from '../store/collections.ts';
import {
  type ClientDoc,
  clientSchema,
  type ProfileDoc,
  parseDoc,
  profileSchema,
} from '../store/documents.ts';
import { bump, type Counters } from '../store/stats.ts';

/** Per channel, whether a customer can be reached with a lawful basis. */
export type Reachability = Record<Channel, boolean>;

/**
 * Whether each channel could carry a service message to this customer, as core's planner
 * sees it (consent or service basis, an address, a usable number, the channel switched on):
 * `eligibility[channel] === null` for a "ticket received" (registered) or welcome (walk-in)
 * event. Suppression entries are not read here (they live by number, not by customer).
 */
export function reachability(
  input: {
    clientId: string;
    customerId: string | null;
    client: ClientDoc | null;
    profile: ProfileDoc | null;
  },
  settings: NotificationSettings,
  now: Date,
): Reachability {
  const recipient = buildRecipient(input);
  const kind = input.profile ? 'ticket_received' : 'walk_in_welcome';
  const plan = planNotification(
    { kind, ticketId: 'coverage', ticketStatus: 'received', changeId: 'coverage' },
    recipient,
    {
      now,
      settings,
      budgetSpentEur: 0,
      recentSendCounts: { lastDay: 0, lastWeek: 0 },
    },
  );
  return Object.fromEntries(CHANNELS.map((c) => [c, plan.eligibility[c] === null])) as Reachability;
}

/** The coverage counters' change between two states of one customer (`null` = not counted). */
export function coverageDelta(before: Reachability | null, after: Reachability | null): Counters {
  const counters: Counters = {};
  const add = (r: Reachability | null, sign: 1 | -1) => {
    if (!r) return;
    bump(counters, 'customers_total', sign);
    if (CHANNELS.some((c) => r[c])) bump(counters, 'reachable_any', sign);
    for (const c of CHANNELS) if (r[c]) bump(counters, `reachable_${c}`, sign);
  };
  add(before, -1);
  add(after, 1);
  for (const [k, v] of Object.entries(counters)) if (v === 0) delete counters[k];
  return counters;
}

/** One side of a profile or client write. */
type Side = Record<string, unknown> | null | undefined;

/**
 * A customer's reachability from one profile or walk-in client document, or null when the
 * document is not counted (absent, unreadable, or a client counted through its profile).
 */
export function coverageStateOf(
  kind: 'profile' | 'client',
  id: string,
  data: Side,
  settings: NotificationSettings,
  now: Date,
): Reachability | null {
  if (!data) return null;
  if (kind === 'profile') {
    const parsed = parseDoc(profileSchema, data);
    if (!parsed.ok) return null;
    return reachability(
      {
        clientId: parsed.value.clientId ?? id,
        customerId: id,
        client: null,
        profile: parsed.value,
      },
      settings,
      now,
    );
  }
  const parsed = parseDoc(clientSchema, data);
  // A client with a profile is counted through the profile.
  if (!parsed.ok || parsed.value.customerId) return null;
  return reachability(
    { clientId: id, customerId: null, client: parsed.value, profile: null },
    settings,
    now,
  );
}

/**
 * Updates `stats_coverage/current` after a profile or walk-in client was written: the
 * difference between the customer's reachability before and after, with `increment` (no scan;
 * one write only when something changed).
 */
export async function updateCoverage(
  db: Firestore,
  input: { kind: 'profile' | 'client'; id: string; before: Side; after: Side },
  settings: NotificationSettings,
  now: Date,
): Promise<Counters> {
  const delta = coverageDelta(
    coverageStateOf(input.kind, input.id, input.before, settings, now),
    coverageStateOf(input.kind, input.id, input.after, settings, now),
  );
  if (Object.keys(delta).length > 0) {
    const inc = Object.fromEntries(
      Object.entries(delta).map(([k, v]) => [k, FieldValue.increment(v)]),
    );
    await db.collection(COLLECTIONS.statsCoverage).doc('current').set(inc, { merge: true });
  }
  return delta;
}

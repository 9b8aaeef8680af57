import {
  type Channel,
  type ConsentRecord,
  type ConsentSource,
  type CountryCode,
  consentRecordChannels,
  isMessagingChannel,
  parsePhone,
} from '@omega/core';
import type { Firestore } from 'firebase-admin/firestore';
import { COLLECTIONS } from '../store/collections.ts';
import { addStats, bump, type Counters } from '../store/stats.ts';
import { ts } from '../store/timestamps.ts';

/** Whose consent changes: the profile for a registered customer, else the counter's client record. */
export interface ConsentOwner {
  clientId: string | null;
  customerId: string | null;
  /** The phone number (raw) the records are about, if any. */
  phone: string | null;
}

/** One change requested by staff. */
export interface ConsentChange {
  channel: Channel;
  granted: boolean;
  scope?: 'channel' | 'all';
}

/** What {@link recordConsent} wrote. */
export interface ConsentWriteResult {
  records: number;
  /** Suppression entries lifted by a grant. */
  suppressionLifted: boolean;
  /** A Twilio opt-out (21610) still blocks the number: the customer must reply START. */
  suppressionKept: 'twilio_opt_out' | null;
  /** The number was put on the suppression list (a customer's own withdrawal). */
  suppressionAdded: boolean;
}

type Suppressible = 'sms' | 'whatsapp';

function suppressedChannels(scope: unknown): Set<Suppressible> {
  if (scope === 'sms' || scope === 'whatsapp') return new Set([scope]);
  return new Set(['sms', 'whatsapp']);
}

function scopeOf(channels: ReadonlySet<Suppressible>): 'all' | Suppressible | null {
  if (channels.size === 0) return null;
  if (channels.size === 2) return 'all';
  return channels.has('sms') ? 'sms' : 'whatsapp';
}

/** Where a consent decision came from and what it leaves behind. */
export interface ConsentContext {
  at: Date;
  source: ConsentSource;
  /** A staff uid, or `customer` for the customer's own decision. */
  actor: string;
  wordingVersion: string | ((change: ConsentChange) => string);
  defaultCountry: CountryCode;
  /** Keyed hash of the customer's IP address (decisions made on the web). */
  ipHash?: string | null;
  /**
   * The customer's own withdrawal of SMS/WhatsApp also puts the number on the suppression list
   * (scope widened, never narrowed), so it holds for every client record and ticket using that
   * number, with or without a profile.
   */
  suppressOnWithdrawal?: boolean;
}

/**
 * Appends one consent record per change (the source, the actor, the wording version shown, on
 * the web the hashed IP), updates the current state the pipeline reads (the profile's
 * `notificationPreferences` and `consent` map, or the walk-in client's `consent` map), and
 * keeps the suppression list in step: a messaging grant lifts our own suppression of the number
 * for that channel — but never a Twilio opt-out, which only the customer's START can lift; with
 * `suppressOnWithdrawal`, a messaging withdrawal adds it. One batch: all or nothing. Counts
 * `consent_<channel>_granted|withdrawn` in the day's statistics.
 */
export async function recordConsent(
  db: Firestore,
  owner: ConsentOwner,
  changes: readonly ConsentChange[],
  context: ConsentContext,
): Promise<ConsentWriteResult> {
  const parsed = owner.phone
    ? parsePhone(owner.phone, { defaultCountry: context.defaultCountry })
    : null;
  const e164 = parsed?.ok ? parsed.value.e164 : null;
  const suppressionRef = e164 ? db.collection(COLLECTIONS.suppressions).doc(e164) : null;
  const suppression = suppressionRef ? await suppressionRef.get() : null;
  const twilioOptOut = suppression?.get('reason') === 'twilio_opt_out';

  const batch = db.batch();
  const at = ts(context.at);
  const consentMap: Record<string, unknown> = {};
  const preferences: Record<string, boolean> = {};
  const counters: Counters = {};
  let kept: ConsentWriteResult['suppressionKept'] = null;
  const before: Set<Suppressible> = suppression?.exists
    ? suppressedChannels(suppression.get('scope'))
    : new Set();
  const after = new Set(before);

  for (const change of changes) {
    const wordingVersion =
      typeof context.wordingVersion === 'function'
        ? context.wordingVersion(change)
        : context.wordingVersion;
    const record: ConsentRecord = {
      channel: change.channel,
      granted: change.granted,
      at: context.at,
      source: context.source,
      actor: context.actor,
      wordingVersion,
      scope: change.scope ?? 'channel',
    };
    batch.create(db.collection(COLLECTIONS.consentLog).doc(), {
      ...record,
      at,
      customerId: owner.customerId,
      clientId: owner.clientId,
      e164,
      ...(context.ipHash ? { ipHash: context.ipHash } : {}),
    });
    for (const channel of consentRecordChannels(record)) {
      consentMap[channel] = { ...record, channel, at };
      preferences[`${channel}Enabled`] = change.granted;
      bump(counters, `consent_${channel}_${change.granted ? 'granted' : 'withdrawn'}`);
      if (!isMessagingChannel(channel)) continue;
      if (change.granted && after.has(channel)) {
        if (twilioOptOut) kept = 'twilio_opt_out';
        else after.delete(channel);
      } else if (!change.granted && context.suppressOnWithdrawal && e164) {
        after.add(channel);
      }
    }
  }
  const scope = scopeOf(after);
  const changed = scope !== scopeOf(before);
  if (suppressionRef && changed) {
    if (scope === null) batch.delete(suppressionRef);
    else if (suppression?.exists) batch.update(suppressionRef, { scope, updatedAt: at });
    else {
      batch.create(suppressionRef, {
        e164,
        scope,
        reason: 'web_opt_out',
        code: null,
        source: context.source,
        customerId: owner.customerId,
        clientId: owner.clientId,
        createdAt: at,
      });
    }
  }
  if (owner.customerId) {
    batch.set(
      db.collection(COLLECTIONS.profiles).doc(owner.customerId),
      { consent: consentMap, notificationPreferences: preferences },
      { merge: true },
    );
  } else if (owner.clientId) {
    batch.set(
      db.collection(COLLECTIONS.clients).doc(owner.clientId),
      { consent: consentMap },
      { merge: true },
    );
  }
  addStats(batch, db, context.at, counters);
  await batch.commit();
  const lifted = [...before].some((c) => !after.has(c));
  return {
    records: changes.length,
    suppressionLifted: lifted,
    suppressionKept: kept,
    suppressionAdded: [...after].some((c) => !before.has(c)),
  };
}

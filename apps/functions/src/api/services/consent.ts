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
import { COLLECTIONS } from '../../store/collections.ts';
import { addStats, bump, type Counters } from '../../store/stats.ts';
import { ts } from '../../store/timestamps.ts';

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
}

/**
 * Appends one consent record per change (source `staff` or `counter`, the staff member as
 * actor, the wording version shown), updates the current state the pipeline reads (the
 * profile's `notificationPreferences` and `consent` map, or the walk-in client's `consent`
 * map), and, for a messaging grant, lifts our own suppression of the number for that channel
 * — but never a Twilio opt-out, which only the customer's START can lift. One batch: all or
 * nothing. Counts `consent_<channel>_granted|withdrawn` in the day's statistics.
 */
export async function recordConsent(
  db: Firestore,
  owner: ConsentOwner,
  changes: readonly ConsentChange[],
  context: {
    at: Date;
    source: ConsentSource;
    actor: string;
    wordingVersion: string;
    defaultCountry: CountryCode;
  },
): Promise<ConsentWriteResult> {
  const parsed = owner.phone
    ? parsePhone(owner.phone, { defaultCountry: context.defaultCountry })
    : null;
  const e164 = parsed?.ok ? parsed.value.e164 : null;
  const suppressionRef = e164 ? db.collection(COLLECTIONS.suppressions).doc(e164) : null;
  const suppression = suppressionRef ? await suppressionRef.get() : null;

  const batch = db.batch();
  const at = ts(context.at);
  const consentMap: Record<string, unknown> = {};
  const preferences: Record<string, boolean> = {};
  const counters: Counters = {};
  let lifted = false;
  let kept: ConsentWriteResult['suppressionKept'] = null;
  let scopeLeft = suppression?.exists
    ? ((suppression.get('scope') as string | undefined) ?? 'all')
    : null;

  for (const change of changes) {
    const record: ConsentRecord = {
      channel: change.channel,
      granted: change.granted,
      at: context.at,
      source: context.source,
      actor: context.actor,
      wordingVersion: context.wordingVersion,
      scope: change.scope ?? 'channel',
    };
    batch.create(db.collection(COLLECTIONS.consentLog).doc(), {
      ...record,
      at,
      customerId: owner.customerId,
      clientId: owner.clientId,
      e164,
    });
    for (const channel of consentRecordChannels(record)) {
      consentMap[channel] = { ...record, channel, at };
      preferences[`${channel}Enabled`] = change.granted;
      bump(counters, `consent_${channel}_${change.granted ? 'granted' : 'withdrawn'}`);
      if (change.granted && isMessagingChannel(channel) && scopeLeft) {
        if (suppression?.get('reason') === 'twilio_opt_out') {
          kept = 'twilio_opt_out';
        } else if (scopeLeft === channel) {
          scopeLeft = null;
          lifted = true;
        } else if (scopeLeft === 'all') {
          scopeLeft = channel === 'sms' ? 'whatsapp' : 'sms';
          lifted = true;
        }
      }
    }
  }
  if (lifted && suppressionRef) {
    if (scopeLeft === null) batch.delete(suppressionRef);
    else batch.update(suppressionRef, { scope: scopeLeft, updatedAt: at });
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
  return { records: changes.length, suppressionLifted: lifted, suppressionKept: kept };
}

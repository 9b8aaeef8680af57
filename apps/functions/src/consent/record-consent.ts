import {
  type Channel,
  type ConsentRecord,
  type ConsentSource,
  type CountryCode,
  type MessagingChannel,
  parsePhone,
} from '@omega/core';
import type { Firestore } from 'firebase-admin/firestore';
import { addConsentWrites, logConsentChanges, readSuppression } from './write.ts';

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
  /**
   * With `refuseProviderHeld`: the granted channels Twilio's opt-out list holds. When not empty,
   * nothing was written (`records: 0`): the grant is refused, the customer must send START.
   */
  refused: MessagingChannel[];
  /** The number was put on the suppression list (a customer's own withdrawal). */
  suppressionAdded: boolean;
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
  /**
   * Staff: a grant on a channel Twilio's opt-out list holds is refused and nothing is written
   * (Twilio would refuse every message; only the customer's START lifts it). Without it (the
   * customer's own web page), the grant is recorded and the channel stays blocked
   * (`suppressionKept`).
   */
  refuseProviderHeld?: boolean;
}

/**
 * Records decisions made at the counter, by staff, on the customer's web page or registration
 * form: one consent record per change (the source, the actor, the wording version shown, on the
 * web the hashed IP), the current state the pipeline reads and the suppression list, by core's
 * `planConsentWrite` (a messaging grant lifts our own suppression of the number for that
 * channel — never a channel Twilio's opt-out list holds, which only the customer's START can
 * lift: staff get it refused with `refuseProviderHeld`; with `suppressOnWithdrawal`, a
 * messaging withdrawal adds it). One batch through the consent
 * module's writer: all or nothing. Counts `consent_<channel>_granted|withdrawn`.
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
  const suppression = e164 ? await readSuppression(db, e164) : null;
  const records: ConsentRecord[] = changes.map((change) => ({
    channel: change.channel,
    granted: change.granted,
    at: context.at,
    source: context.source,
    actor: context.actor,
    wordingVersion:
      typeof context.wordingVersion === 'function'
        ? context.wordingVersion(change)
        : context.wordingVersion,
    scope: change.scope ?? 'channel',
  }));
  const subject = { customerId: owner.customerId, clientId: owner.clientId, e164 };
  const batch = db.batch();
  const plan = addConsentWrites(batch, db, subject, {
    records,
    suppression,
    suppressOnWithdrawal: context.suppressOnWithdrawal,
    evidence: { ipHash: context.ipHash ?? null },
    at: context.at,
  });
  if (context.refuseProviderHeld && plan.keptChannels.length > 0) {
    return {
      records: 0,
      suppressionLifted: false,
      suppressionKept: plan.suppressionKept,
      suppressionAdded: false,
      refused: plan.keptChannels,
    };
  }
  await batch.commit();
  logConsentChanges(subject, plan);
  return {
    records: plan.records.length,
    suppressionLifted: plan.suppressionLifted,
    suppressionKept: plan.suppressionKept,
    suppressionAdded: plan.suppressionAdded,
    refused: [],
  };
}

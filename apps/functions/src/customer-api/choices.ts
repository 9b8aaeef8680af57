import { createHmac } from 'node:crypto';
import type { Channel, CountryCode } from '@omega/core';
import { consentWordingOf } from '@omega/templates';
import type { Firestore } from 'firebase-admin/firestore';
import {
  type ConsentOwner,
  type ConsentWriteResult,
  recordConsent,
} from '../consent/record-consent.ts';
import { ApiError } from '../http/index.ts';

/** One decision a customer made, with the version of the words they were shown. */
export interface CustomerChoice {
  channel: Channel;
  granted: boolean;
  wordingVersion: string;
}

/**
 * Checks that each choice names wording this build shows for that very channel and decision:
 * a record must point at the words the customer actually saw (CNIL: consent must be informed
 * and provable). 400 `unknown_wording` otherwise; 400 `channel_not_offered` for a channel the
 * page does not offer this customer; 400 `duplicate_channel` when one request decides a
 * channel twice.
 */
export function checkChoices(
  choices: readonly CustomerChoice[],
  offered: readonly Channel[],
): void {
  const seen = new Set<Channel>();
  for (const choice of choices) {
    const known = consentWordingOf(choice.wordingVersion);
    if (!known || known.channel !== choice.channel || known.granted !== choice.granted) {
      throw new ApiError(
        400,
        'unknown_wording',
        `Texte de consentement inconnu pour ${choice.channel} : ${choice.wordingVersion}.`,
      );
    }
    if (!offered.includes(choice.channel)) {
      throw new ApiError(400, 'channel_not_offered', `Canal non proposé : ${choice.channel}.`);
    }
    if (seen.has(choice.channel)) {
      throw new ApiError(400, 'duplicate_channel', `Canal en double : ${choice.channel}.`);
    }
    seen.add(choice.channel);
  }
}

/** A keyed hash of an IP address: proves "same device" for a dispute, reveals no address. */
export function hashIp(ip: string, secret: string): string {
  return createHmac('sha256', secret).update(`ip:${ip}`).digest('hex').slice(0, 32);
}

/**
 * Records a customer's own decisions through the staff API's {@link recordConsent}: one consent
 * record per choice (actor `customer`, the wording version shown, the hashed IP), the current
 * state the pipeline reads, and the suppression list — a withdrawal of SMS/WhatsApp puts the
 * number on it, even for a walk-in with no profile.
 */
export function recordCustomerChoices(
  db: Firestore,
  owner: ConsentOwner,
  choices: readonly CustomerChoice[],
  context: {
    at: Date;
    source: 'web' | 'registration';
    ipHash: string;
    defaultCountry: CountryCode;
  },
): Promise<ConsentWriteResult> {
  const versions = new Map(choices.map((c) => [c.channel, c.wordingVersion]));
  return recordConsent(
    db,
    owner,
    choices.map((c) => ({ channel: c.channel, granted: c.granted })),
    {
      at: context.at,
      source: context.source,
      actor: 'customer',
      wordingVersion: (change) => versions.get(change.channel) ?? 'unknown',
      defaultCountry: context.defaultCountry,
      ipHash: context.ipHash,
      suppressOnWithdrawal: true,
    },
  );
}

import type { ConsentSource } from '@omega/core';
import { type ConsentApiFailure, type ConsentApiOptions, callCustomerApi } from './api-client.ts';
import type { ConsentChange } from './consent-changes.ts';

/** Where the customer made the decisions: the registration form, or their profile page. */
export type CustomerConsentSource = Extract<ConsentSource, 'registration' | 'web'>;

/** What the server did with the decisions. */
export interface RecordConsentSuccess {
  ok: true;
  /** How many consent records it appended. */
  records: number;
  /**
   * `true` when an SMS/WhatsApp grant was recorded but the number stays blocked by an earlier
   * STOP at Twilio (error 21610): messages will not arrive until the customer replies START.
   * Tell the customer.
   */
  twilioOptOut: boolean;
}

/** The answer of a {@link ConsentRecorder}. */
export type RecordConsentResult = RecordConsentSuccess | ConsentApiFailure;

/** Records a customer's decisions through the customer API. */
export type ConsentRecorder = (
  changes: readonly ConsentChange[],
  context: { source: CustomerConsentSource },
) => Promise<RecordConsentResult>;

/** The customer API's consent route. */
export const CONSENT_PATH = '/api/public/me/consent';

function readAnswer(body: unknown): Omit<RecordConsentSuccess, 'ok'> | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { records, suppressionKept } = body as { records?: unknown; suppressionKept?: unknown };
  if (typeof records !== 'number' || !Number.isInteger(records) || records < 0) return undefined;
  return { records, twilioOptOut: suppressionKept === 'twilio_opt_out' };
}

/**
 * A function that appends the signed-in customer's consent decisions to their log:
 * `POST {apiOrigin}/api/public/me/consent` with `Authorization: Bearer <ID token>` and
 * `{ source, changes }`; the server answers `{ records, suppressionKept? }`. An empty list sends
 * nothing and answers `{ ok: true, records: 0, twilioOptOut: false }`.
 * Never throws for an expected failure (signed out, refused, offline, rate-limited).
 */
export function createConsentRecorder(options: ConsentApiOptions): ConsentRecorder {
  return async (changes, { source }) => {
    if (changes.length === 0) return { ok: true, records: 0, twilioOptOut: false };
    const result = await callCustomerApi(
      options,
      {
        method: 'POST',
        path: CONSENT_PATH,
        body: {
          source,
          changes: changes.map(({ channel, granted, wordingVersion }) => ({
            channel,
            granted,
            wordingVersion,
          })),
        },
      },
      readAnswer,
    );
    return result.ok ? { ok: true, ...result.value } : result;
  };
}

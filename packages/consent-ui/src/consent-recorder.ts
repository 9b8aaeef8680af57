import type { ConsentSource } from '@omega/core';
import { type ConsentApiFailure, type ConsentApiOptions, callCustomerApi } from './api-client.ts';
import type { ConsentChange } from './consent-changes.ts';

/** Where the customer made the decisions: the registration form, or their profile page. */
export type CustomerConsentSource = Extract<ConsentSource, 'registration' | 'web'>;

/** The answer of a {@link ConsentRecorder}. */
export type RecordConsentResult = { ok: true; records: number } | ConsentApiFailure;

/** Records a customer's decisions through the customer API. */
export type ConsentRecorder = (
  changes: readonly ConsentChange[],
  context: { source: CustomerConsentSource },
) => Promise<RecordConsentResult>;

/** The customer API's consent route. */
export const CONSENT_PATH = '/api/public/me/consent';

function readRecords(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const records = (body as { records?: unknown }).records;
  return typeof records === 'number' && Number.isInteger(records) && records >= 0
    ? records
    : undefined;
}

/**
 * A function that appends the signed-in customer's consent decisions to their log:
 * `POST {apiOrigin}/api/public/me/consent` with `Authorization: Bearer <ID token>` and
 * `{ source, changes }`. An empty list sends nothing and answers `{ ok: true, records: 0 }`.
 * Never throws for an expected failure (signed out, refused, offline, rate-limited).
 */
export function createConsentRecorder(options: ConsentApiOptions): ConsentRecorder {
  return async (changes, { source }) => {
    if (changes.length === 0) return { ok: true, records: 0 };
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
      readRecords,
    );
    return result.ok ? { ok: true, records: result.value } : result;
  };
}

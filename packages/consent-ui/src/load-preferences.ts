import { type ConsentApiFailure, type ConsentApiOptions, callCustomerApi } from './api-client.ts';
import { isConsentChannel, type RecordedConsent } from './channels.ts';

/** The customer API's preferences route. */
export const PREFERENCES_PATH = '/api/public/me/preferences';

/** The answer of {@link loadPreferences}: each channel's current state. */
export type LoadPreferencesResult = { ok: true; preferences: RecordedConsent } | ConsentApiFailure;

function readChannels(body: unknown): RecordedConsent | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const channels = (body as { channels?: unknown }).channels;
  if (!Array.isArray(channels)) return undefined;
  const out: RecordedConsent = {};
  for (const entry of channels) {
    if (typeof entry !== 'object' || entry === null) return undefined;
    const { channel, enabled } = entry as { channel?: unknown; enabled?: unknown };
    if (typeof channel !== 'string' || typeof enabled !== 'boolean') return undefined;
    // A channel this build does not know (added server-side later) is not ours to show.
    if (isConsentChannel(channel)) out[channel] = enabled;
  }
  return out;
}

/**
 * The signed-in customer's current notification choices:
 * `GET {apiOrigin}/api/public/me/preferences` → `{ channels: [{ channel, enabled }] }`, as a
 * {@link RecordedConsent} (the baseline of a profile page's changes). Never throws for an
 * expected failure.
 */
export async function loadPreferences(options: ConsentApiOptions): Promise<LoadPreferencesResult> {
  const result = await callCustomerApi(
    options,
    { method: 'GET', path: PREFERENCES_PATH },
    readChannels,
  );
  return result.ok ? { ok: true, preferences: result.value } : result;
}

import type { TwilioParams } from './params.ts';

// JS default sort (UTF-16 code units), as twilio-node does with `Object.keys().sort()`.
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The string Twilio signs: the URL, then for every parameter name in sorted order the name
 * followed by its value, with no separators. A repeated name contributes `name + value` for
 * each of its distinct values in sorted order (twilio-node's `toFormUrlEncodedParam`).
 */
export function twilioDataToSign(url: string, params: TwilioParams): string {
  let data = url;
  for (const name of Object.keys(params).sort(byCodeUnits)) {
    const value = params[name];
    if (value === undefined) continue;
    if (typeof value === 'string') {
      data += name + value;
      continue;
    }
    for (const one of [...new Set(value)].sort(byCodeUnits)) data += name + one;
  }
  return data;
}

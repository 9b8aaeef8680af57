import { randomBytes } from 'node:crypto';

/** Two-letter prefixes of the Twilio SIDs the sandbox mints. */
export type SidPrefix = 'SM' | 'MM' | 'ME' | 'HX' | 'MG' | 'AC';

/** A Twilio-style SID: the prefix and 32 lowercase hex digits (`SM` + 32 hex = 34 characters). */
export function newSid(prefix: SidPrefix): string {
  return prefix + randomBytes(16).toString('hex');
}

/** True when `value` is a SID with this prefix (`^PP[0-9a-fA-F]{32}$`, as in Twilio's OpenAPI). */
export function isSid(value: string, prefix: SidPrefix | readonly SidPrefix[]): boolean {
  const prefixes = typeof prefix === 'string' ? [prefix] : prefix;
  return prefixes.some((p) => value.startsWith(p)) && /^[A-Z]{2}[0-9a-fA-F]{32}$/.test(value);
}

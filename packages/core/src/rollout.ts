import type { Channel } from './types.ts';

/**
 * Gradual rollout per channel: the share of customers (0–100) who get the channel, plus
 * an allowlist of keys (customer or client ids) that always get it, for a beta.
 */
export type RolloutSettings = Record<Channel, { percent: number; allowlist: string[] }>;

/** Every channel fully rolled out, no allowlist. */
export const DEFAULT_ROLLOUT: RolloutSettings = {
  email: { percent: 100, allowlist: [] },
  sms: { percent: 100, allowlist: [] },
  whatsapp: { percent: 100, allowlist: [] },
  push: { percent: 100, allowlist: [] },
};

/**
 * 32-bit FNV-1a over the UTF-8 bytes of a string: the hash behind every stable bucket
 * (rollout per channel, wording experiments).
 *
 * @example fnv1a32('a') // 0xe40c292c
 */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * The stable rollout bucket (an integer 0–99) of a recipient on a channel: 32-bit FNV-1a
 * of `channel:key`, modulo 100. The same key always lands in the same bucket, and each
 * channel shuffles recipients independently. Changing this function would move customers
 * in and out of a partial rollout.
 *
 * @example rolloutBucket('cust_42', 'sms') // the same number on every call
 */
export function rolloutBucket(key: string, channel: Channel): number {
  return fnv1a32(`${channel}:${key}`) % 100;
}

/**
 * Whether a recipient (keyed by customer id, or client id for walk-ins) is in a channel's
 * rollout: always when allowlisted, else when its bucket is below the percentage. Raising
 * the percentage (10 → 50 → 100) keeps everyone who was already in.
 */
export function isInRollout(key: string, channel: Channel, rollout: RolloutSettings): boolean {
  const { percent, allowlist } = rollout[channel];
  return allowlist.includes(key) || rolloutBucket(key, channel) < percent;
}

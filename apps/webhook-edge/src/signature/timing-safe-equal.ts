import { utf8 } from './digest.ts';

type SubtleWithTimingSafeEqual = typeof crypto.subtle & {
  timingSafeEqual?: (a: ArrayBufferView | ArrayBuffer, b: ArrayBufferView | ArrayBuffer) => boolean;
};

/**
 * Compares two strings in time that depends only on their length. Uses Cloudflare's
 * `crypto.subtle.timingSafeEqual` when the runtime has it and a plain XOR loop otherwise
 * (Node). Returning early on a length difference leaks nothing: the expected signature's
 * length is fixed by the algorithm, not secret.
 */
export function timingSafeEqualStrings(a: string, b: string): boolean {
  const left = utf8(a);
  const right = utf8(b);
  if (left.byteLength !== right.byteLength) return false;
  const subtle = crypto.subtle as SubtleWithTimingSafeEqual;
  if (typeof subtle.timingSafeEqual === 'function') return subtle.timingSafeEqual(left, right);
  let difference = 0;
  for (let i = 0; i < left.byteLength; i++) difference |= (left[i] ?? 0) ^ (right[i] ?? 0);
  return difference === 0;
}

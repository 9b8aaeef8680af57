// Erasure's last pass over a document: whatever string still carries one of the erased
// customer's numbers (Twilio's error texts, a callback's parameters, a claim's outbound facts)
// loses it. Fields known to hold a number are cleared by name in privacy.ts; this catches the
// copies nobody named.
import { Timestamp } from 'firebase-admin/firestore';

/** What a number is replaced with inside a longer text. */
export const ERASED_NUMBER = '[numéro effacé]';

/** The spellings of an E.164 number that Twilio and the pipeline write: `+33…`, `33…`. */
export function numberSpellings(e164: string): string[] {
  const digits = e164.replace(/^\+/, '');
  return digits.length >= 6 ? [`+${digits}`, digits] : [];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * `value` without the numbers: a string that is one of them (or `whatsapp:` one of them) becomes
 * `null`, one that contains one has it replaced by {@link ERASED_NUMBER}; maps and arrays are
 * walked; timestamps, references and other values are kept. Returns the same object when
 * nothing changed.
 */
export function scrubNumbers(value: unknown, numbers: readonly string[]): unknown {
  const spellings = [...new Set(numbers.flatMap(numberSpellings))].sort(
    (a, b) => b.length - a.length,
  );
  if (spellings.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const bare = v.replace(/^whatsapp:/i, '').trim();
      if (spellings.includes(bare)) return null;
      let out = v;
      for (const s of spellings) if (out.includes(s)) out = out.split(s).join(ERASED_NUMBER);
      return out;
    }
    if (Array.isArray(v)) {
      const next = v.map(walk);
      return next.some((x, i) => x !== v[i]) ? next : v;
    }
    if (isPlainObject(v) && !(v instanceof Timestamp)) {
      let changed = false;
      const next: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        next[k] = walk(x);
        if (next[k] !== x) changed = true;
      }
      return changed ? next : v;
    }
    return v;
  };
  return walk(value);
}

/**
 * The top-level fields of a document's data that {@link scrubNumbers} changes, with their new
 * values (for `update()`); empty when the document holds none of the numbers.
 */
export function scrubbedFields(
  data: Record<string, unknown> | undefined,
  numbers: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data ?? {})) {
    const next = scrubNumbers(value, numbers);
    if (next !== value) out[key] = next;
  }
  return out;
}

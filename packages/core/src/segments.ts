import { legacyGraphemes } from './graphemes.ts';

/** Septets in a single-segment GSM-7 SMS. */
export const GSM7_SINGLE_SEGMENT_SEPTETS = 160;
/** Septets per segment of a concatenated GSM-7 SMS (a 6-octet header takes the rest). */
export const GSM7_MULTI_SEGMENT_SEPTETS = 153;
/** UTF-16 code units in a single-segment UCS-2 SMS. */
export const UCS2_SINGLE_SEGMENT_UNITS = 70;
/** UTF-16 code units per segment of a concatenated UCS-2 SMS. */
export const UCS2_MULTI_SEGMENT_UNITS = 67;

/** The two encodings an SMS body can go out in. */
export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** How an SMS body is encoded and how many billable segments it makes. */
export type SegmentCount = {
  /** `GSM-7` when every character is in the GSM 03.38 tables, else `UCS-2`. */
  encoding: SmsEncoding;
  /** Billable segments (at least 1, even for an empty body). */
  segments: number;
  /** Septets for GSM-7 (extension-table characters count 2), UTF-16 code units for UCS-2. */
  units: number;
  /** User-perceived characters (grapheme clusters; a CR LF pair counts as two). */
  characters: number;
  /** The characters that forced UCS-2, in order, with repeats; empty for GSM-7. */
  nonGsmCharacters: string[];
};

/** GSM 03.38 basic table (without the escape code), one septet each. */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** GSM 03.38 extension table: escape + code, two septets each. */
const GSM7_EXTENSION = '\f^{}\\[~]|€';

/** Septets per UTF-16 code unit: 0 = not GSM-7, 1 = basic table, 2 = extension table. */
const SEPTETS: Uint8Array = (() => {
  const table = new Uint8Array(0x2100);
  for (const char of GSM7_BASIC) table[char.charCodeAt(0)] = 1;
  for (const char of GSM7_EXTENSION) table[char.charCodeAt(0)] = 2;
  return table;
})();

/** Septets for one UTF-16 code unit, 0 when it has no GSM-7 form. */
function septetsOf(code: number): number {
  return SEPTETS[code] ?? 0;
}

/**
 * Whether a UTF-16 code unit is a "loner": Latin letters, spacing punctuation, quotes,
 * dashes, currency signs, arrows and symbols — no combining marks, joiners, variation
 * selectors, prepended marks, Hangul or surrogates. Two loners never form one grapheme
 * cluster (CR LF aside, which Twilio splits anyway); a loner joins a cluster only with a
 * non-loner right next to it (a base before a combining mark, ♀ after a zero-width joiner).
 */
function isLoner(code: number): boolean {
  // U+0000–02FF: Latin, spacing marks; U+200E–20CF: punctuation (’ “ ” … – —), super- and
  // subscripts, currency (€); U+2100–2BFF: letter-like symbols, arrows, shapes, dingbats.
  return code < 0x300 || (code >= 0x200e && code <= 0x20cf) || (code >= 0x2100 && code <= 0x2bff);
}

/** Bits in one SMS (140 octets). */
const SEGMENT_BITS = 1120;
/** Bits of the user data header that every segment of a concatenated SMS carries. */
const HEADER_BITS = 48;

/**
 * Counts segments from the sizes (in bits) of the indivisible pieces of a message, the way
 * Twilio's calculator does: a piece is never split across segments, and when a second
 * segment is needed the first one gets its header and hands its last pieces over.
 */
function countSegmentsFromBits(pieceBits: ArrayLike<number>, count: number): number {
  let firstBits = 0;
  let index = 0;
  for (; index < count; index += 1) {
    const bits = pieceBits[index] as number;
    if (SEGMENT_BITS - firstBits < bits) break;
    firstBits += bits;
  }
  if (index === count) return 1;

  // The first segment overflowed: give it a header and move its last pieces, as many as no
  // longer fit, to the second segment.
  firstBits += HEADER_BITS;
  let currentBits = HEADER_BITS;
  for (let last = index - 1; firstBits > SEGMENT_BITS; last -= 1) {
    const moved = pieceBits[last] as number;
    firstBits -= moved;
    currentBits += moved;
  }
  let segments = 2;
  currentBits += pieceBits[index] as number;
  for (index += 1; index < count; index += 1) {
    const bits = pieceBits[index] as number;
    if (SEGMENT_BITS - currentBits < bits) {
      segments += 1;
      currentBits = HEADER_BITS;
    }
    currentBits += bits;
  }
  return segments;
}

/**
 * Splits a body into grapheme clusters as Twilio's calculator does (with CR LF kept as two
 * characters): `Intl.Segmenter` with the corrections of `graphemes.ts`. That is slow next to
 * a plain loop (a few µs per code point), so it only sees the regions around non-loners,
 * each widened by one loner on both sides; the boundary between two loners is always a
 * cluster boundary, so the regions split independently and every loner outside them is a
 * cluster of its own.
 */
function graphemesOf(text: string): string[] {
  const graphemes: string[] = [];
  const length = text.length;
  let index = 0;
  while (index < length) {
    let end = index;
    while (end < length && isLoner(text.charCodeAt(end))) end += 1;
    if (end === length) {
      for (let i = index; i < length; i += 1) graphemes.push(text.charAt(i));
      break;
    }
    // `end` is a non-loner: the region starts one loner before it (if any) …
    const regionStart = end > index ? end - 1 : index;
    for (let i = index; i < regionStart; i += 1) graphemes.push(text.charAt(i));
    // … and runs until two loners in a row (or the end), keeping the first of them.
    let regionEnd = end;
    while (regionEnd < length) {
      if (!isLoner(text.charCodeAt(regionEnd))) regionEnd += 1;
      else if (regionEnd + 1 < length && !isLoner(text.charCodeAt(regionEnd + 1))) regionEnd += 2;
      else {
        regionEnd += 1;
        break;
      }
    }
    // No two loners are adjacent inside a region, so no CR LF pair (which Twilio splits) either.
    for (const grapheme of legacyGraphemes(text.slice(regionStart, regionEnd))) {
      graphemes.push(grapheme);
    }
    index = regionEnd;
  }
  return graphemes;
}

/** Bits of each character of a GSM-7 body (7, or 14 for the extension table). */
function gsmBits(text: string): Uint8Array {
  const bits = new Uint8Array(text.length);
  for (let index = 0; index < text.length; index += 1) {
    bits[index] = 7 * septetsOf(text.charCodeAt(index));
  }
  return bits;
}

/**
 * Tells whether a body can go out in GSM-7, i.e. every character is in the GSM 03.38 basic
 * or extension table. French `é è à ù É Ç` are; `ç ê â î ô û ë ï œ À È`, curly quotes,
 * `« »`, `…` and emoji are not.
 *
 * @example isGsm7('Votre téléphone est réparé') // true
 * @example isGsm7('Votre téléphone est prêt') // false (ê)
 */
export function isGsm7(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    if (septetsOf(text.charCodeAt(index)) === 0) return false;
  }
  return true;
}

/**
 * Counts the billable segments of an SMS body from its real encoding: GSM-7 (160 septets
 * in one segment, 153 per segment once concatenated, extension characters `^ { } \ [ ] ~ | €`
 * and form feed taking two) or UCS-2 (70 / 67 UTF-16 code units). Characters are never
 * split across segments: an emoji or an extension character that does not fit starts the
 * next one. Agrees with Twilio's `sms-segments-calculator` (without Smart Encoding),
 * including its grapheme clustering of emoji sequences.
 *
 * @example countSegments('a'.repeat(160)).segments // 1
 * @example countSegments('a'.repeat(161)).segments // 2
 * @example countSegments('prêt').encoding // 'UCS-2'
 */
export function countSegments(text: string): SegmentCount {
  let septets = 0;
  let gsm = true;
  for (let index = 0; index < text.length; index += 1) {
    const unitSeptets = septetsOf(text.charCodeAt(index));
    if (unitSeptets === 0) {
      gsm = false;
      break;
    }
    septets += unitSeptets;
  }

  if (gsm) {
    return {
      encoding: 'GSM-7',
      segments: countSegmentsFromBits(gsmBits(text), text.length),
      units: septets,
      characters: text.length,
      nonGsmCharacters: [],
    };
  }

  const graphemes = graphemesOf(text);
  const bits = new Array<number>(graphemes.length);
  const nonGsmCharacters: string[] = [];
  for (let index = 0; index < graphemes.length; index += 1) {
    const grapheme = graphemes[index] as string;
    bits[index] = 16 * grapheme.length;
    if (grapheme.length !== 1 || septetsOf(grapheme.charCodeAt(0)) === 0) {
      nonGsmCharacters.push(grapheme);
    }
  }
  return {
    encoding: 'UCS-2',
    segments: countSegmentsFromBits(bits, bits.length),
    units: text.length,
    characters: graphemes.length,
    nonGsmCharacters,
  };
}

/**
 * Grapheme clusters as Twilio's segment calculator counts them. Internal to core (used by
 * `segments.ts`, not re-exported).
 *
 * The runtime's `Intl.Segmenter` (ICU) implements today's Unicode rules; the calculator
 * (`sms-segments-calculator`) clusters with `grapheme-splitter` 1.0.4, which stopped at
 * Unicode 10 and has a few quirks of its own. They agree on almost every text a shop sends,
 * and differ on: marks added to Unicode after version 10, a handful of marks, prepended
 * letters and format characters whose class changed, skin tones after a base that is no
 * emoji modifier base of Unicode 10 (or after two marks), emoji joined by a zero-width joiner
 * (Unicode 10 only glued a fixed list of symbols after it, but glued them after anything),
 * Indic conjuncts (Unicode 15.1 keeps consonant + virama + consonant together), and a flag
 * followed by more than one mark. ICU's clusters are corrected for exactly these, so that
 * counts keep agreeing with Twilio's calculator.
 *
 * Checked against `grapheme-splitter` 1.0.4 before it was removed: every code point of
 * U+0000–U+1FFFF in 36 contexts (before and after letters, marks, emoji, joiners, flags,
 * prepended letters, Hangul jamo), no difference; 300,000 random strings of 1–7 characters
 * drawn from 50 troublesome ones, 2 differences, both a cluster that starts with a lone
 * mark, then a joiner, a family emoji and a skin tone. The tables hold only the differences;
 * they are meant not to depend on the runtime's Unicode version (a code point it does not know
 * yet is treated as Unicode 10 did).
 */

/** Grapheme clusters per UAX #29, from the runtime; built once, a segmenter holds no state. */
const SEGMENTER = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** `[first, last]` code point ranges. */
type Ranges = ReadonlyArray<readonly [number, number]>;

function inRanges(ranges: Ranges, code: number): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const range = ranges[middle] as readonly [number, number];
    if (code < range[0]) high = middle - 1;
    else if (code > range[1]) low = middle + 1;
    else return true;
  }
  return false;
}

/** Marks ICU extends a cluster with that Unicode 10 did not know (skin tones apart). */
const NEWER_MARKS: Ranges = [
  [0x7fd, 0x7fd],
  [0x897, 0x89f],
  [0x8ca, 0x8d3],
  [0x9fe, 0x9fe],
  [0xb55, 0xb55],
  [0xc04, 0xc04],
  [0xc3c, 0xc3c],
  [0xcf3, 0xcf3],
  [0xd81, 0xd81],
  [0xeba, 0xeba],
  [0xece, 0xece],
  [0x1715, 0x1715],
  [0x180f, 0x180f],
  [0x1abf, 0x1add],
  [0x1ae0, 0x1aeb],
  [0x1dfa, 0x1dfa],
  [0xa82c, 0xa82c],
  [0xa8ff, 0xa8ff],
  [0x10d24, 0x10d27],
  [0x10d69, 0x10d6d],
  [0x10eab, 0x10eac],
  [0x10efa, 0x10eff],
  [0x10f46, 0x10f50],
  [0x10f82, 0x10f85],
  [0x11070, 0x11070],
  [0x11073, 0x11074],
  [0x110c2, 0x110c2],
  [0x11145, 0x11146],
  [0x111c9, 0x111c9],
  [0x111ce, 0x111cf],
  [0x11241, 0x11241],
  [0x1133b, 0x1133b],
  [0x113b8, 0x113c0],
  [0x113c2, 0x113c2],
  [0x113c5, 0x113c5],
  [0x113c7, 0x113ca],
  [0x113cc, 0x113d0],
  [0x113d2, 0x113d2],
  [0x113e1, 0x113e2],
  [0x1145e, 0x1145e],
  [0x1182c, 0x1183a],
  [0x11930, 0x11935],
  [0x11937, 0x11938],
  [0x1193b, 0x1193e],
  [0x11940, 0x11940],
  [0x11942, 0x11943],
  [0x119d1, 0x119d7],
  [0x119da, 0x119e0],
  [0x119e4, 0x119e4],
  [0x11b60, 0x11b67],
  [0x11d8a, 0x11d8e],
  [0x11d90, 0x11d91],
  [0x11d93, 0x11d97],
  [0x11ef3, 0x11ef6],
  [0x11f00, 0x11f01],
  [0x11f03, 0x11f03],
  [0x11f34, 0x11f3a],
  [0x11f3e, 0x11f42],
  [0x11f5a, 0x11f5a],
  [0x13440, 0x13440],
  [0x13447, 0x13455],
  [0x1611e, 0x1612f],
  [0x16f4f, 0x16f4f],
  [0x16f7f, 0x16f87],
  [0x16fe4, 0x16fe4],
  [0x16ff0, 0x16ff1],
  [0x1cf00, 0x1cf2d],
  [0x1cf30, 0x1cf46],
  [0x1e08f, 0x1e08f],
  [0x1e130, 0x1e136],
  [0x1e2ae, 0x1e2ae],
  [0x1e2ec, 0x1e2ef],
  [0x1e4ec, 0x1e4ef],
  [0x1e5ee, 0x1e5ef],
  [0x1e6e3, 0x1e6e3],
  [0x1e6e6, 0x1e6e6],
  [0x1e6ee, 0x1e6ef],
  [0x1e6f5, 0x1e6f5],
];

/** Spacing marks of Unicode 10 that later versions no longer attach. */
const FORMER_MARKS: Ranges = [
  [0x1cf2, 0x1cf3],
  [0x11720, 0x11721],
];

/** Extending marks today that were spacing marks in Unicode 10 (no skin tone after them). */
const FORMER_SPACING_MARKS: Ranges = [
  [0xcc0, 0xcc0],
  [0xcc7, 0xcc8],
  [0xcca, 0xccb],
  [0x1b35, 0x1b35],
  [0x1b3b, 0x1b3b],
  [0x1b3d, 0x1b3d],
  [0x1b43, 0x1b44],
  [0x1baa, 0x1baa],
  [0x1bf2, 0x1bf3],
  [0xa953, 0xa953],
  [0xa9bd, 0xa9bd],
  [0xa9c0, 0xa9c0],
  [0x111c0, 0x111c0],
  [0x11235, 0x11235],
  [0x1134d, 0x1134d],
  [0x116b6, 0x116b6],
  [0x11a07, 0x11a08],
  [0x1d166, 0x1d166],
  [0x1d16d, 0x1d16d],
];

/** Prepended letters of Unicode 10 (they glue to whatever follows). */
const FORMER_PREPEND: Ranges = [
  [0x600, 0x605],
  [0x6dd, 0x6dd],
  [0x70f, 0x70f],
  [0x8e2, 0x8e2],
  [0xd4e, 0xd4e],
  [0x110bd, 0x110bd],
  [0x111c2, 0x111c3],
  [0x11a3a, 0x11a3a],
  [0x11a86, 0x11a89],
  [0x11d46, 0x11d46],
];

/** Emoji modifier bases added after Unicode 10: a skin tone after them starts a cluster. */
const NEWER_MODIFIER_BASES: Ranges = [
  [0x1f46a, 0x1f46d],
  [0x1f46f, 0x1f46f],
  [0x1f48f, 0x1f48f],
  [0x1f491, 0x1f491],
  [0x1f90c, 0x1f90c],
  [0x1f90f, 0x1f90f],
  [0x1f91d, 0x1f91d],
  [0x1f93c, 0x1f93c],
  [0x1f977, 0x1f977],
  [0x1f9b5, 0x1f9b6],
  [0x1f9b8, 0x1f9b9],
  [0x1f9bb, 0x1f9bb],
  [0x1f9cd, 0x1f9cf],
  [0x1fac3, 0x1fac5],
  [0x1faf0, 0x1faf8],
];

/** What Unicode 10 glued after a zero-width joiner (Glue_After_Zwj and E_Base_GAZ). */
const AFTER_JOINER: Ranges = [
  [0x2640, 0x2640],
  [0x2642, 0x2642],
  [0x2695, 0x2696],
  [0x2708, 0x2708],
  [0x2764, 0x2764],
  [0x1f308, 0x1f308],
  [0x1f33e, 0x1f33e],
  [0x1f373, 0x1f373],
  [0x1f393, 0x1f393],
  [0x1f3a4, 0x1f3a4],
  [0x1f3a8, 0x1f3a8],
  [0x1f3eb, 0x1f3eb],
  [0x1f3ed, 0x1f3ed],
  [0x1f466, 0x1f469],
  [0x1f48b, 0x1f48b],
  [0x1f4bb, 0x1f4bc],
  [0x1f527, 0x1f527],
  [0x1f52c, 0x1f52c],
  [0x1f5e8, 0x1f5e8],
  [0x1f680, 0x1f680],
  [0x1f692, 0x1f692],
];

const ZWJ = 0x200d;
const MODIFIER = /^\p{Emoji_Modifier}$/u;
const MODIFIER_BASE = /^\p{Emoji_Modifier_Base}$/u;
const REGIONAL_INDICATOR = /^\p{Regional_Indicator}$/u;
/** Hangul syllables and conjoining jamo: ICU and Unicode 10 join them the same way. */
const HANGUL = /^\p{Script=Hangul}$/u;
/**
 * Controls: Cc, line and paragraph separators, lone surrogates, unassigned default-ignorable
 * code points, and format characters other than the joiners, the tags (which extend), the
 * prepended concatenation marks and the Egyptian format controls (unknown to Unicode 10).
 */
const CONTROL =
  /^(?:[\p{Cc}\p{Zl}\p{Zp}\p{Cs}]|(?=\p{Default_Ignorable_Code_Point})\p{Cn}|(?!\u200c|\u200d|[\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u{110bd}\u{110cd}\u{13430}-\u{1343f}\u{e0020}-\u{e007f}])\p{Cf})$/u;

const GRAPHEME_EXTEND = /^\p{Grapheme_Extend}$/u;
/** Letters, digits, punctuation, symbols and spaces (Thai and Lao AM apart): never extend. */
const NEVER_EXTENDS = /^(?![\u0e33\u0eb3])[\p{L}\p{N}\p{P}\p{S}\p{Z}]$/u;

/** Whether the runtime extends a cluster with `char` (a mark, a joiner, a skin tone …). */
function extendsNow(char: string): boolean {
  // Most characters answer from their properties; the rest (spacing marks, format
  // characters) from the segmenter itself.
  if (GRAPHEME_EXTEND.test(char)) return true;
  if (NEVER_EXTENDS.test(char)) return false;
  const segments = SEGMENTER.segment(`a${char}`)[Symbol.iterator]();
  segments.next();
  return segments.next().done === true;
}

/** Whether Unicode 10 extends a cluster with `code` (Extend, SpacingMark or ZWJ). */
function extendsThen(code: number, char: string): boolean {
  if (inRanges(FORMER_MARKS, code)) return true;
  if (MODIFIER.test(char) || inRanges(NEWER_MARKS, code)) return false;
  return extendsNow(char);
}

/** Whether `code` was of class Extend in Unicode 10 (not a spacing mark, not unknown). */
function isExtendThen(code: number, char: string): boolean {
  if (code === 0x1171e) return true; // AHOM CONSONANT SIGN MEDIAL RA, a spacing mark today
  return (
    GRAPHEME_EXTEND.test(char) &&
    !inRanges(NEWER_MARKS, code) &&
    !inRanges(FORMER_SPACING_MARKS, code)
  );
}

function isModifierBaseThen(code: number, char: string): boolean {
  return MODIFIER_BASE.test(char) && !inRanges(NEWER_MODIFIER_BASES, code);
}

/**
 * The calculator's splitter ends a cluster whose regional indicators (after its first code
 * point) are followed by two code points that are not: a flag takes one mark, not two.
 */
function flagRunEnded(
  codes: readonly number[],
  chars: readonly string[],
  start: number,
  index: number,
): boolean {
  if (REGIONAL_INDICATOR.test(chars[index] as string)) return false;
  let last = index - 1;
  while (last > start && !REGIONAL_INDICATOR.test(chars[last] as string)) last -= 1;
  if (last === start) return false;
  for (let at = start + 1; at < last; at += 1) {
    if (!REGIONAL_INDICATOR.test(chars[at] as string)) return false;
  }
  const previous = codes[index - 1] as number;
  return (
    !inRanges(FORMER_PREPEND, previous) && !REGIONAL_INDICATOR.test(chars[index - 1] as string)
  );
}

/**
 * Whether the regional indicator at `index` closes a pair: the cluster so far (from `start`)
 * is an odd number of regional indicators and nothing else.
 */
function regionalPairOpen(chars: readonly string[], start: number, index: number): boolean {
  for (let at = start; at < index; at += 1) {
    if (!REGIONAL_INDICATOR.test(chars[at] as string)) return false;
  }
  return (index - start) % 2 === 1;
}

/**
 * Whether Unicode 10 keeps the code point at `index` in the cluster that began at `start`,
 * given whether ICU does (`joinedNow`).
 */
function joinsThen(
  codes: readonly number[],
  chars: readonly string[],
  start: number,
  index: number,
  joinedNow: boolean,
): boolean {
  const code = codes[index] as number;
  const char = chars[index] as string;
  const previous = codes[index - 1] as number;
  const previousChar = chars[index - 1] as string;
  // Controls, line separators and lone surrogates stand alone in Unicode 10.
  if (CONTROL.test(char) || CONTROL.test(previousChar)) return false;
  if (flagRunEnded(codes, chars, start, index)) return false;
  if (joinedNow) {
    if (extendsThen(code, char)) return true;
    if (inRanges(FORMER_PREPEND, previous)) return true;
    if (MODIFIER.test(char)) {
      // A skin tone extends an emoji modifier base right before it or after one extending
      // mark (not two: a quirk of the calculator's splitter that Twilio's counts follow).
      const base = index >= 2 && isExtendThen(previous, previousChar) ? index - 2 : index - 1;
      return isModifierBaseThen(codes[base] as number, chars[base] as string);
    }
    if (previous === ZWJ) return inRanges(AFTER_JOINER, code);
    // Flags pair as in ICU, but only in a cluster of flags alone (the splitter's reading).
    if (REGIONAL_INDICATOR.test(char)) return regionalPairOpen(chars, start, index);
    // Hangul joins the same way; anything else ICU joined (an Indic conjunct, a letter after
    // a prepended letter of today's Unicode) starts a new cluster.
    return HANGUL.test(char) && HANGUL.test(previousChar);
  }
  return (
    inRanges(FORMER_MARKS, code) ||
    inRanges(FORMER_PREPEND, previous) ||
    (previous === ZWJ && inRanges(AFTER_JOINER, code)) ||
    // Flags pair up again after a flag letter that a prepended letter took.
    (REGIONAL_INDICATOR.test(char) && regionalPairOpen(chars, start, index)) ||
    // Egyptian format controls (Unicode 12) were letters to Unicode 10: marks extend them.
    (previous >= 0x13430 && previous <= 0x1343f && extendsThen(code, char))
  );
}

/**
 * Splits `text` into grapheme clusters as `grapheme-splitter` 1.0.4 (Twilio's calculator)
 * does, from `Intl.Segmenter`'s clusters and the corrections above. CR LF stays one cluster
 * here, as in both; callers that need Twilio's two characters keep such pairs out.
 */
export function legacyGraphemes(text: string): string[] {
  const icuStarts = new Set<number>();
  for (const { index } of SEGMENTER.segment(text)) icuStarts.add(index);
  const chars = Array.from(text);
  const codes = chars.map((char) => char.codePointAt(0) as number);
  const clusters: string[] = [];
  let current = chars[0] ?? '';
  let start = 0;
  let offset = current.length;
  for (let index = 1; index < chars.length; index += 1) {
    const char = chars[index] as string;
    if (joinsThen(codes, chars, start, index, !icuStarts.has(offset))) current += char;
    else {
      clusters.push(current);
      current = char;
      start = index;
    }
    offset += char.length;
  }
  if (current !== '') clusters.push(current);
  return clusters;
}

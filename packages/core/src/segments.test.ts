import fc from 'fast-check';
import { SegmentedMessage } from 'sms-segments-calculator';
import { describe, expect, it } from 'vitest';
import {
  countSegments,
  GSM7_MULTI_SEGMENT_SEPTETS,
  GSM7_SINGLE_SEGMENT_SEPTETS,
  isGsm7,
  type SegmentCount,
  UCS2_MULTI_SEGMENT_UNITS,
  UCS2_SINGLE_SEGMENT_UNITS,
} from './segments.ts';

/** What Twilio's calculator says, in our shape. */
function reference(text: string): SegmentCount {
  const message = new SegmentedMessage(text, 'auto');
  const gsm = message.encodingName === 'GSM-7';
  return {
    encoding: message.encodingName,
    segments: message.segmentsCount,
    units: message.encodedChars.reduce((sum, char) => sum + char.codeUnits.length, 0),
    characters: message.graphemes.length,
    nonGsmCharacters: gsm ? [] : message.getNonGsmCharacters(),
  };
}

const GSM_BASIC = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ...' .,;:!?\'"-+*/=<>()#%&@£$¥¤§¿¡_\n\r',
  ...'èéùìòÇØøÅåΔΦΓΛΩΠΨΣΘΞÆæßÉÄÖÑÜäöñüà',
];
const GSM_EXTENSION = [...'^{}\\[~]|€\f'];
const FRENCH_NOT_GSM = [...'çêâîôûëïœŒÀÈÊÂÎÔÛÙËÏŸÿ'];
const FRENCH_GSM = [...'éèàùÉÇ'];
const PUNCTUATION = ['’', '‘', '“', '”', '«', '»', '…', '–', '—', '\u00a0', '°', '²', '\u202f'];
const EMOJI = [
  '😀',
  '👍',
  '👍🏽',
  '👨‍👩‍👧',
  '👩🏽‍💻',
  '❤️‍🔥',
  '🧑‍🤝‍🧑',
  '🫶🏽',
  '🏳️‍🌈',
  '🇫🇷',
  '1️⃣',
  '✈️',
  '☺',
  '📱',
  '🔧',
  '🏃‍♀️',
  '👩‍❤️‍👨',
  '☝🏽',
  '✊🏿',
  '🇫🇷🇧🇪',
];
const OTHER_CLUSTERS = [
  'e\u0301',
  '\u0301',
  'क्षि',
  '한',
  '한국',
  '\u1100\u1161',
  '\r\n',
  '\uFE0F',
  '\u200D',
  '\u200D♀',
  '\uD83D',
  '\uDE00',
  '\u0600',
  '\u0600\u0661',
  '\u{1F1EB}',
];

const gsmBasic = fc.constantFrom(...GSM_BASIC);
const gsmExtension = fc.constantFrom(...GSM_EXTENSION);
const notGsm = fc.constantFrom(...FRENCH_NOT_GSM, ...PUNCTUATION, ...EMOJI, ...OTHER_CLUSTERS);
const anyPiece = fc.oneof(
  { arbitrary: gsmBasic, weight: 10 },
  { arbitrary: gsmExtension, weight: 2 },
  { arbitrary: fc.constantFrom(...FRENCH_GSM), weight: 2 },
  { arbitrary: fc.constantFrom(...FRENCH_NOT_GSM), weight: 2 },
  { arbitrary: fc.constantFrom(...PUNCTUATION), weight: 1 },
  { arbitrary: fc.constantFrom(...EMOJI), weight: 1 },
  { arbitrary: fc.constantFrom(...OTHER_CLUSTERS), weight: 1 },
);

const GSM_BOUNDARIES = [152, 153, 154, 159, 160, 161, 162, 305, 306, 307, 308, 459, 460, 461];
const UCS_BOUNDARIES = [66, 67, 68, 69, 70, 71, 72, 133, 134, 135, 136, 201, 202];

/** Inserts pieces into a filler at positions drawn from `positions`. */
function insertAt(filler: string[], pieces: string[], positions: number[]): string {
  const out = [...filler];
  pieces.forEach((piece, index) => {
    const at = (positions[index] ?? 0) % (out.length + 1);
    out.splice(at, 0, piece);
  });
  return out.join('');
}

/** GSM-7 bodies whose septet count lands exactly on a boundary, extension chars anywhere. */
const gsmAtBoundary = fc
  .tuple(
    fc.constantFrom(...GSM_BOUNDARIES),
    fc.array(gsmExtension, { maxLength: 12 }),
    fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
    gsmBasic,
  )
  .map(([septets, extensions, positions, filler]) =>
    insertAt(
      Array.from({ length: Math.max(0, septets - 2 * extensions.length) }, () => filler),
      extensions,
      positions,
    ),
  );

/** Bodies around the UCS-2 boundaries, with one or more non-GSM characters anywhere. */
const ucsAtBoundary = fc
  .tuple(
    fc.constantFrom(...UCS_BOUNDARIES),
    fc.array(notGsm, { minLength: 1, maxLength: 6 }),
    fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
    fc.constantFrom('a', 'ê', 'é', '€'),
  )
  .map(([units, extras, positions, filler]) =>
    insertAt(
      Array.from({ length: units }, () => filler),
      extras,
      positions,
    ),
  );

/** Free mixes of everything, from empty to a few segments. */
const mixed = fc.array(anyPiece, { maxLength: 330 }).map((pieces) => pieces.join(''));

const message = fc.oneof(gsmAtBoundary, ucsAtBoundary, mixed);

describe('countSegments', () => {
  it('uses the standard sizes', () => {
    expect([
      GSM7_SINGLE_SEGMENT_SEPTETS,
      GSM7_MULTI_SEGMENT_SEPTETS,
      UCS2_SINGLE_SEGMENT_UNITS,
      UCS2_MULTI_SEGMENT_UNITS,
    ]).toEqual([160, 153, 70, 67]);
  });

  it.each([
    { name: 'empty', text: '', encoding: 'GSM-7', segments: 1, units: 0 },
    { name: "'a' × 1", text: 'a', encoding: 'GSM-7', segments: 1, units: 1 },
    { name: "'a' × 160", text: 'a'.repeat(160), encoding: 'GSM-7', segments: 1, units: 160 },
    { name: "'a' × 161", text: 'a'.repeat(161), encoding: 'GSM-7', segments: 2, units: 161 },
    { name: "'a' × 306", text: 'a'.repeat(306), encoding: 'GSM-7', segments: 2, units: 306 },
    { name: "'a' × 307", text: 'a'.repeat(307), encoding: 'GSM-7', segments: 3, units: 307 },
    { name: "'a' × 459", text: 'a'.repeat(459), encoding: 'GSM-7', segments: 3, units: 459 },
    { name: "'a' × 460", text: 'a'.repeat(460), encoding: 'GSM-7', segments: 4, units: 460 },
    { name: "'€' × 80", text: '€'.repeat(80), encoding: 'GSM-7', segments: 1, units: 160 },
    { name: "'€' × 81", text: '€'.repeat(81), encoding: 'GSM-7', segments: 2, units: 162 },
    {
      name: "'a' × 159 + '€'",
      text: `${'a'.repeat(159)}€`,
      encoding: 'GSM-7',
      segments: 2,
      units: 161,
    },
    {
      name: "'a' × 158 + '€'",
      text: `${'a'.repeat(158)}€`,
      encoding: 'GSM-7',
      segments: 1,
      units: 160,
    },
    // The euro sign at septets 153–154 cannot be split: it opens segment 2, which then
    // overflows one septet before 306.
    {
      name: "'a' × 152 + '€' + 'a' × 152",
      text: `${'a'.repeat(152)}€${'a'.repeat(152)}`,
      encoding: 'GSM-7',
      segments: 3,
      units: 306,
    },
    {
      name: "'a' × 153 + '€' + 'a' × 151",
      text: `${'a'.repeat(153)}€${'a'.repeat(151)}`,
      encoding: 'GSM-7',
      segments: 2,
      units: 306,
    },
    { name: "'ê' × 70", text: 'ê'.repeat(70), encoding: 'UCS-2', segments: 1, units: 70 },
    { name: "'ê' × 71", text: 'ê'.repeat(71), encoding: 'UCS-2', segments: 2, units: 71 },
    { name: "'ê' × 134", text: 'ê'.repeat(134), encoding: 'UCS-2', segments: 2, units: 134 },
    { name: "'ê' × 135", text: 'ê'.repeat(135), encoding: 'UCS-2', segments: 3, units: 135 },
    {
      name: "'a' × 69 + 'ç'",
      text: `${'a'.repeat(69)}ç`,
      encoding: 'UCS-2',
      segments: 1,
      units: 70,
    },
    {
      name: "'a' × 70 + 'ç'",
      text: `${'a'.repeat(70)}ç`,
      encoding: 'UCS-2',
      segments: 2,
      units: 71,
    },
    { name: "'😀' × 35", text: '😀'.repeat(35), encoding: 'UCS-2', segments: 1, units: 70 },
    { name: "'😀' × 36", text: '😀'.repeat(36), encoding: 'UCS-2', segments: 2, units: 72 },
    // A surrogate pair at units 67–68 moves whole to segment 2.
    {
      name: "'ê' × 66 + '😀' + 'ê' × 66",
      text: `${'ê'.repeat(66)}😀${'ê'.repeat(66)}`,
      encoding: 'UCS-2',
      segments: 3,
      units: 134,
    },
    {
      name: "'ê' × 67 + '😀' + 'ê' × 65",
      text: `${'ê'.repeat(67)}😀${'ê'.repeat(65)}`,
      encoding: 'UCS-2',
      segments: 2,
      units: 134,
    },
  ])(
    '$name → $encoding, $segments segment(s), $units units',
    ({ name: _name, text, ...expected }) => {
      const count = countSegments(text);
      expect({ encoding: count.encoding, segments: count.segments, units: count.units }).toEqual(
        expected,
      );
    },
  );

  it.each([
    {
      text: 'Bonjour, votre téléphone est réparé.',
      encoding: 'GSM-7',
      characters: 36,
      nonGsm: [],
    },
    {
      text: 'Bonjour, votre téléphone est prêt…',
      encoding: 'UCS-2',
      characters: 34,
      nonGsm: ['ê', '…'],
    },
    {
      text: 'Reçu « OK » à l’atelier',
      encoding: 'UCS-2',
      characters: 23,
      nonGsm: ['ç', '«', '»', '’'],
    },
    { text: 'Prêt 👨‍👩‍👧', encoding: 'UCS-2', characters: 6, nonGsm: ['ê', '👨‍👩‍👧'] },
    // Twilio's splitter predates Unicode 13: ❤️‍🔥 is two characters there, and so here.
    { text: '❤️‍🔥', encoding: 'UCS-2', characters: 2, nonGsm: ['❤️\u200d', '🔥'] },
    { text: 'a\r\nb', encoding: 'GSM-7', characters: 4, nonGsm: [] },
    { text: 'a\r\nê', encoding: 'UCS-2', characters: 4, nonGsm: ['ê'] },
    { text: 'e\u0301', encoding: 'UCS-2', characters: 1, nonGsm: ['e\u0301'] },
    { text: 'CODE {A1} [ok] ~ | ^ \\ €', encoding: 'GSM-7', characters: 24, nonGsm: [] },
  ])('$text → $encoding, $characters characters', ({ text, encoding, characters, nonGsm }) => {
    const count = countSegments(text);
    expect(count.encoding).toBe(encoding);
    expect(count.characters).toBe(characters);
    expect(count.nonGsmCharacters).toEqual(nonGsm);
  });

  it('counts extension-table characters as two septets', () => {
    expect(countSegments('{}[]~|^\\€\f').units).toBe(20);
  });
});

describe('isGsm7', () => {
  it.each([
    ['', true],
    ['Votre téléphone est réparé, à récupérer. Où ? Ç!', true],
    ['@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ', true],
    ['¤¡ÄÖÑÜ§¿äöñüà{}[]~|^\\€\f', true],
    ['prêt', false],
    ['reçu', false],
    ['l’atelier', false],
    ['« devis »', false],
    ['😀', false],
    ['\u001b', false],
    ['`', false],
  ])('%j → %s', (text, expected) => {
    expect(isGsm7(text)).toBe(expected);
  });

  it.each([...FRENCH_NOT_GSM, ...PUNCTUATION])('%j is not GSM-7', (char) => {
    expect(isGsm7(`abc${char}`)).toBe(false);
  });

  it.each([...FRENCH_GSM, ...GSM_EXTENSION])('%j is GSM-7', (char) => {
    expect(isGsm7(`abc${char}`)).toBe(true);
  });
});

describe('countSegments against sms-segments-calculator', () => {
  // Fixed seeds: the same 3 × 4,000 strings on every run. Under mutation testing (Stryker
  // sets STRYKER_MUTATOR_WORKER), where the suite runs once per mutant, 3 × 500 of them.
  const runsPerSeed = process.env.STRYKER_MUTATOR_WORKER === undefined ? 4000 : 500;
  it.each([{ seed: 20260406 }, { seed: 20260514 }, { seed: 20260525 }])(
    `agrees on ${runsPerSeed} generated bodies (seed $seed)`,
    ({ seed }) => {
      fc.assert(
        fc.property(message, (text) => {
          expect(countSegments(text)).toEqual(reference(text));
        }),
        { seed, numRuns: runsPerSeed },
      );
    },
    60_000,
  );

  it.each([
    ['one cluster larger than a segment', `e${'\u0301'.repeat(80)}`],
    ['a large cluster after text', `${'a'.repeat(10)}e${'\u0301'.repeat(75)}bc`],
    ['a cluster that fills the first segment', `e${'\u0301'.repeat(67)}aaa`],
    ['clusters of 68 units in a row', `e${'\u0301'.repeat(67)}`.repeat(4)],
    ['flags and families around the boundary', `${'ê'.repeat(64)}🇫🇷👨‍👩‍👧🇧🇪${'a'.repeat(70)}`],
    ['CR LF around an emoji', `\r\n😀\r\n${'a'.repeat(80)}\r\n`],
    ['lone surrogates', `\uD83D${'a'.repeat(70)}\uDE00`],
    ['10,000 emoji', '😀'.repeat(10_000)],
  ])('agrees on %s', (_name, text) => {
    expect(countSegments(text)).toEqual(reference(text));
  });

  it('generates bodies covering every boundary, extension characters, accents and emoji', () => {
    const samples = fc.sample(message, { seed: 20260406, numRuns: 4000 });
    const units = new Set(samples.map((text) => countSegments(text).units));
    for (const boundary of [...GSM_BOUNDARIES, 70, 71]) expect(units).toContain(boundary);
    const has = (chars: string[]) => samples.some((text) => chars.some((c) => text.includes(c)));
    expect(has(GSM_EXTENSION)).toBe(true);
    expect(has(FRENCH_NOT_GSM)).toBe(true);
    expect(has(['👨‍👩‍👧', '❤️‍🔥'])).toBe(true);
    const encodings = samples.map((text) => countSegments(text).encoding);
    expect(encodings.filter((e) => e === 'GSM-7').length).toBeGreaterThan(1000);
    expect(encodings.filter((e) => e === 'UCS-2').length).toBeGreaterThan(1000);
  });

  it('agrees on every single UTF-16 code unit', () => {
    const mismatches: number[] = [];
    for (let code = 0; code <= 0xffff; code += 1) {
      const text = String.fromCharCode(code);
      const ours = countSegments(text);
      const theirs = reference(text);
      if (ours.encoding !== theirs.encoding || isGsm7(text) !== (theirs.encoding === 'GSM-7')) {
        mismatches.push(code);
      }
    }
    expect(mismatches).toEqual([]);
  }, 60_000);

  it('agrees on runs of every character below U+2C00 next to accents and emoji', () => {
    const mismatches: string[] = [];
    for (let code = 0; code < 0x2c00; code += 1) {
      const char = String.fromCharCode(code);
      const text = `${char}${char}ê${char}a${char}😀${char}`;
      const ours = countSegments(text);
      const theirs = reference(text);
      if (ours.characters !== theirs.characters || ours.segments !== theirs.segments) {
        mismatches.push(char);
      }
    }
    expect(mismatches).toEqual([]);
  }, 60_000);
});

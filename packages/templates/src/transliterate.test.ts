import { isGsm7 } from '@omega/core';
import fc from 'fast-check';
import { SegmentedMessage } from 'sms-segments-calculator';
import { describe, expect, it } from 'vitest';
import { GSM_TRANSLITERATIONS, transliterateToGsm } from './transliterate.ts';

describe('transliterateToGsm', () => {
  it.each([
    ['ê', 'e'],
    ['â', 'a'],
    ['î', 'i'],
    ['ô', 'o'],
    ['û', 'u'],
    ['ë', 'e'],
    ['ï', 'i'],
    ['ç', 'c'],
    ['œ', 'oe'],
    ['Œ', 'OE'],
    ['À', 'A'],
    ['È', 'E'],
    ['Ê', 'E'],
    ['Ù', 'U'],
    ['ÿ', 'y'],
    ['\u2019', "'"],
    ['\u2018', "'"],
    ['\u201c', '"'],
    ['\u201d', '"'],
    ['«', '"'],
    ['»', '"'],
    ['\u2026', '...'],
    ['\u2013', '-'],
    ['\u2014', '-'],
    ['\u2011', '-'],
    ['a\u00a0b', 'a b'],
    ['a\u202fb', 'a b'],
    ['ł', 'l'],
    ['á', 'a'],
    ['ễ', 'e'],
    ['ş', 's'],
    ['ğ', 'g'],
  ])('maps %j to %j', (input, expected) => {
    expect(transliterateToGsm(input)).toBe(expected);
  });

  it.each([
    ['é è à ù É Ç'],
    ['Ä Ö Ñ Ü ä ö ñ ü ß Æ æ Ø ø Å å'],
    ["O'MEGA Services : 89,90 €"],
    ['[a] {b} ~ | ^ \\'],
  ])('keeps the GSM-7 characters of %j', (input) => {
    expect(transliterateToGsm(input)).toBe(input);
  });

  it.each([
    ['Françoise', 'Francoise'],
    ['Jérôme', 'Jérome'],
    ['Anaïs', 'Anais'],
    ['Maëlle', 'Maelle'],
    ['Benoît', 'Benoit'],
    ['Zoé 🌸', 'Zoé'],
    ['🔧 Jérôme 🔧', 'Jérome'],
    ['Anne\u2011Marie', 'Anne-Marie'],
    ['N\u2019Golo', "N'Golo"],
    ['Huawei Mate 20 Pro « reconditionné »', 'Huawei Mate 20 Pro " reconditionné "'],
    ['Galaxy S24 Ultra \u2013 Titanium', 'Galaxy S24 Ultra - Titanium'],
    ['L\u2019écran « cassé »\u2026', 'L\'écran " cassé "...'],
    ['👍🏽👨‍👩‍👧', ''],
    ['e\u0301cran', 'écran'],
  ])('makes %j safe: %j', (input, expected) => {
    expect(transliterateToGsm(input)).toBe(expected);
  });

  it('maps every table entry to GSM-7 text', () => {
    for (const [from, to] of Object.entries(GSM_TRANSLITERATIONS)) {
      expect(isGsm7(to), `${from} → ${to}`).toBe(true);
      expect(isGsm7(from), `${from} should not already be GSM-7`).toBe(false);
    }
  });

  it('always returns GSM-7 text, as Twilio counts it, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (input) => {
        const output = transliterateToGsm(input);
        expect(isGsm7(output)).toBe(true);
        if (output !== '') expect(new SegmentedMessage(output, 'auto').encodingName).toBe('GSM-7');
        expect(transliterateToGsm(output)).toBe(output);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves already-GSM text (single-spaced, trimmed) unchanged', () => {
    const gsm = fc.constantFrom(...'abcXYZ019 éèàùÉÇ.,;:!?\'"-()€'.split(''));
    fc.assert(
      fc.property(fc.array(gsm, { maxLength: 40 }), (chars) => {
        const text = chars.join('').replace(/ {2,}/g, ' ').trim();
        expect(transliterateToGsm(text)).toBe(text);
      }),
    );
  });
});

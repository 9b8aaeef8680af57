import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ShortenStyle, shortenText } from './shorten.ts';

describe('shortenText', () => {
  it.each<[string, number, ShortenStyle, string]>([
    ['iPhone 13', 20, 'words', 'iPhone 13'],
    ['Samsung Galaxy Z Fold6 5G 512 Go', 20, 'words', 'Samsung Galaxy Z'],
    ['Samsung Galaxy Z Fold6 5G 512 Go', 12, 'words', 'Samsung'],
    ['PlayStation 5 (manette DualSense)', 24, 'words', 'PlayStation 5'],
    ['Huawei Mate 20 Pro " reconditionné "', 30, 'words', 'Huawei Mate 20 Pro'],
    ['Samsung Galaxy S24 Ultra - Titanium Gray', 27, 'words', 'Samsung Galaxy S24 Ultra'],
    ['Motorola', 6, 'words', 'Motor.'],
    ['Motorola', 1, 'words', ''],
    ['Marie-Hélène', 10, 'name', 'Marie'],
    ['Jean-Marie Côme', 12, 'name', 'Jean-Marie'],
    ['Maximilienne', 6, 'name', ''],
    ['Marie', 0, 'name', ''],
    ['Merci de rappeler la boutique rapidement.', 30, 'sentence', 'Merci de rappeler la...'],
    ['Anticonstitutionnellement', 10, 'sentence', 'Anticon...'],
  ])('shortens %j to %d (%s): %j', (value, max, style, expected) => {
    expect(shortenText(value, max, style)).toBe(expected);
  });

  it('never exceeds the limit and keeps a leading part of the value', () => {
    const styles = fc.constantFrom<ShortenStyle>('name', 'words', 'sentence');
    fc.assert(
      fc.property(
        fc.string({ maxLength: 60 }),
        fc.nat({ max: 70 }),
        styles,
        (value, max, style) => {
          const out = shortenText(value, max, style);
          expect(out.length).toBeLessThanOrEqual(Math.min(value.length, max));
          if (value.length <= max) {
            expect(out).toBe(value);
          } else {
            const kept = out.replace(/(\.\.\.|\.)$/, '');
            expect(value.startsWith(kept)).toBe(true);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('cuts names only between parts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('Marie', 'Hélène', 'Jean', 'Christophe', 'Anne', 'Côme'), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.nat({ max: 30 }),
        (parts, max) => {
          const name = parts.join('-');
          const out = shortenText(name, max, 'name');
          expect(out === '' || name === out || name.startsWith(`${out}-`)).toBe(true);
        },
      ),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { capitalizeWords, nameVariants, phoneVariants } from './search.ts';

describe('search variants', () => {
  it.each([
    ['jean-marc dupont', 'Jean-Marc Dupont'],
    ["o'neil", "O'Neil"],
    ['ÉLODIE', 'Élodie'],
  ])('capitalises %s as %s', (input, expected) => {
    expect(capitalizeWords(input)).toBe(expected);
  });

  it('looks a name up as typed, capitalised, upper and lower case, without duplicates', () => {
    expect(nameVariants('  martin  ')).toEqual(['martin', 'Martin', 'MARTIN']);
  });

  it.each(['06 12 34 56 78', '0612345678', '+33 6 12 34 56 78', '+33612345678', '06.12.34.56.78'])(
    'finds the stored spellings of %s',
    (q) => {
      const v = phoneVariants(q, 'FR');
      for (const form of [
        '+33612345678',
        '0612345678',
        '06 12 34 56 78',
        '06.12.34.56.78',
        '+33 6 12 34 56 78',
      ])
        expect(v).toContain(form);
      expect(v.length).toBeLessThanOrEqual(30);
    },
  );

  it('keeps an unparsable number as typed only', () => {
    expect(phoneVariants('12', 'FR')).toEqual(['12']);
  });
});

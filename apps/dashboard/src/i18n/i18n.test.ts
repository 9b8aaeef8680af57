import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { fr } from './fr.ts';
import { interpolate, translator } from './index.tsx';

describe('strings', () => {
  it('has every French key in English and nothing more', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
  });

  it('has no empty string and no placeholder missing from the other language', () => {
    for (const key of Object.keys(fr) as Array<keyof typeof fr>) {
      expect(fr[key].trim(), key).not.toBe('');
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(en[key]), key).toEqual(names(fr[key]));
    }
  });

  it.each([
    ['{a} et {b}', { a: 1, b: 'deux' }, '1 et deux'],
    ['{a} reste', {}, '{a} reste'],
  ])('interpolates %s', (text, values, expected) => {
    expect(interpolate(text, values)).toBe(expected);
  });

  it('translates with placeholders in both languages', () => {
    expect(translator('fr')('conversations.unread', { n: 3 })).toBe('3 non lu(s)');
    expect(translator('en')('conversations.unread', { n: 3 })).toBe('3 unread');
  });
});

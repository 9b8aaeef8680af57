import { describe, expect, it } from 'vitest';
import { type ExampleKey, exampleEn, exampleFr, exampleTranslator } from './example.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the example page’s strings', () => {
  it.each(Object.keys(exampleFr) as ExampleKey[])(
    '%s: in both languages, same placeholders',
    (key) => {
      expect(exampleFr[key].trim()).not.toBe('');
      expect(exampleEn[key].trim()).not.toBe('');
      expect(placeholders(exampleEn[key])).toEqual(placeholders(exampleFr[key]));
    },
  );

  it('translates with placeholders', () => {
    expect(exampleTranslator('fr')('recorded', { email: 'a@b.fr', count: 3 })).toBe(
      'Compte créé pour a@b.fr. Choix enregistrés : 3.',
    );
    expect(exampleTranslator('en')('recorded', { email: 'a@b.fr', count: 3 })).toBe(
      'Account created for a@b.fr. Choices recorded: 3.',
    );
  });
});

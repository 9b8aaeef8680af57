import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { ERASED_NUMBER, scrubbedFields, scrubNumbers } from './scrub-numbers.ts';

const N = '+33612345678';

describe('scrubNumbers', () => {
  it.each([
    ['the number itself', N, null],
    ['its WhatsApp address', `whatsapp:${N}`, null],
    ['without the plus', '33612345678', null],
    [
      'inside a text',
      `The 'To' number ${N} is not a valid phone number.`,
      `The 'To' number ${ERASED_NUMBER} is not a valid phone number.`,
    ],
    ['another number', '+33781223344', '+33781223344'],
    // A longer digit run that contains it loses it too: erasure errs on the side of removing.
    ['a longer digit run containing it', '+336123456789', `${ERASED_NUMBER}9`],
    ['a number value', 33612345678, 33612345678],
  ])('%s', (_label, value, expected) => {
    expect(scrubNumbers(value, [N])).toEqual(expected);
  });

  it('walks maps and arrays, keeps timestamps, and returns the same object when nothing changed', () => {
    const at = Timestamp.fromMillis(0);
    const data = { params: { To: N, From: 'OMEGA' }, errors: [{ message: `x ${N}`, at }], at };
    expect(scrubNumbers(data, [N])).toEqual({
      params: { To: null, From: 'OMEGA' },
      errors: [{ message: `x ${ERASED_NUMBER}`, at }],
      at,
    });
    const clean = { params: { To: '+33781223344' } };
    expect(scrubNumbers(clean, [N])).toBe(clean);
  });

  it('names only the top-level fields that change', () => {
    expect(scrubbedFields({ to: N, status: 'delivered', params: { To: N } }, [N])).toEqual({
      to: null,
      params: { To: null },
    });
    expect(scrubbedFields(undefined, [N])).toEqual({});
  });
});

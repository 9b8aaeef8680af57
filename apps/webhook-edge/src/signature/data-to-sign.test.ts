import { describe, expect, it } from 'vitest';
import { twilioDataToSign } from './data-to-sign.ts';

describe('twilioDataToSign', () => {
  it.each([
    ['no params', {}, 'U'],
    ['sorted by name', { b: '2', a: '1' }, 'Ua1b2'],
    ['code-unit order (upper case first)', { a: '1', B: '2', _: '3' }, 'UB2_3a1'],
    ['repeated values deduplicated and sorted', { k: ['z', 'a', 'z'] }, 'Ukakz'],
    ['empty values kept', { e: '', f: ['', 'x'] }, 'Ueffx'],
    ['non-ASCII kept as is', { Body: 'prêt 📱' }, 'UBodyprêt 📱'],
  ])('%s', (_name, params, expected) => {
    expect(twilioDataToSign('U', params)).toBe(expected);
  });
});

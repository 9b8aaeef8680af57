import { describe, expect, it } from 'vitest';
import { paramsFromForm } from './params.ts';

describe('paramsFromForm', () => {
  it.each([
    ['', {}],
    ['a=1&b=2', { a: '1', b: '2' }],
    ['a=1&a=2&a=1', { a: ['1', '2', '1'] }],
    ['Body=pr%C3%AAt+%F0%9F%93%B1', { Body: 'prêt 📱' }],
    ['From=%2B33612345678', { From: '+33612345678' }],
    ['flag&e=', { flag: '', e: '' }],
    ['__proto__=x&constructor=y', { ['__proto__']: 'x', constructor: 'y' }],
  ])('%j', (body, expected) => {
    expect({ ...paramsFromForm(body) }).toEqual(expected);
  });

  it('does not pollute prototypes', () => {
    const params = paramsFromForm('__proto__=x');
    expect(Object.getPrototypeOf(params)).toBeNull();
    expect(Object.keys(params)).toEqual(['__proto__']);
  });
});

import { describe, expect, it } from 'vitest';
import { bearerToken } from './id-tokens.ts';

describe('bearerToken', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer   abc ', 'abc'],
    ['Basic abc', null],
    ['Bearer a b', null],
  ])('%j → %j', (header, expected) => {
    expect(bearerToken(header)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './api-client.ts';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-02T10:00:00Z');
  it.each<[string | null, number | undefined]>([
    [null, undefined],
    ['0', 0],
    ['30', 30],
    [' 120 ', 120],
    ['Mon, 02 Mar 2026 10:00:45 GMT', 45],
    ['Mon, 02 Mar 2026 09:59:00 GMT', 0],
    ['soon', undefined],
    ['-5', undefined],
    ['1.5', undefined],
  ])('%s → %s', (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});

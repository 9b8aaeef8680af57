import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './history.ts';

describe('history cursor', () => {
  it('round-trips any time and id', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_102_444_800_000 }),
        fc.string({ minLength: 1, maxLength: 60 }),
        (ms, id) => {
          expect(decodeCursor(encodeCursor(ms, id))).toEqual({ ms, id });
        },
      ),
    );
  });

  it.each([
    '',
    'not base64 !',
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from('["x","y"]').toString('base64url'),
  ])('refuses %j', (cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });
});

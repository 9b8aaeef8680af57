import { parse, stringify } from 'node:querystring';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { legacyRequery } from './legacy-querystring.ts';

// What twilio-node does with Node's module: `stringify(parse(query))`.
const node = (query: string) => stringify(parse(query));

const piece = fc.oneof(
  fc.constantFrom('a', 'Z', '0', '9', '=', '&', '+', '%', '%2', '%27', '%C3%A9', '%E9', '%zz', "'"),
  fc.constantFrom('é', '📱', ' ', '~', '*', '(', '!', '__proto__', '1', '42', '%2B', '%20', '%26'),
  fc.string({ maxLength: 3 }),
);

describe('legacyRequery matches node:querystring', () => {
  it.each([
    "x=l'atelier",
    'x=l%27atelier',
    'a=1&b=2&a=3',
    'z=1&10=x&2=y',
    'flag&=v&&',
    'x=a+b%20c',
    'x=%E9t%C3%A9',
    'x=%',
    '__proto__=1&constructor=2',
  ])('%s', (query) => {
    expect(legacyRequery(query)).toBe(node(query));
  });

  it('on 3,000 random query strings (fixed seed)', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const query = pieces.join('');
        expect(legacyRequery(query)).toBe(node(query));
      }),
      { seed: 20_260_501, numRuns: 3000 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientAddress, forwardedEntries, normaliseAddress } from './client-ip.ts';

// What Google's front end hands a Cloud Functions (2nd gen) instance: whatever the client sent,
// then the address it saw, then its own hop.
const GFE = '66.102.8.142';
const CLIENT = '203.0.113.7';

describe('clientAddress', () => {
  it.each([
    ['no header, a socket', undefined, { socketAddress: '::ffff:192.0.2.9' }, '192.0.2.9'],
    ['no header, no socket', undefined, {}, 'unknown'],
    ['an empty header', '  ,  ', { socketAddress: '192.0.2.9' }, '192.0.2.9'],
    ['Google’s two entries', `${CLIENT}, ${GFE}`, {}, CLIENT],
    ['one forged entry in front', `6.6.6.6, ${CLIENT}, ${GFE}`, {}, CLIENT],
    ['many forged entries', `1.1.1.1,2.2.2.2, 3.3.3.3 ,${CLIENT},${GFE}`, {}, CLIENT],
    ['garbage in front', `not-an-ip, , ${CLIENT}, ${GFE}`, {}, CLIENT],
    ['a single entry (local, emulator)', CLIENT, {}, CLIENT],
    [
      'two trusted hops (an own CDN in front)',
      `6.6.6.6, ${CLIENT}, 198.51.100.4, ${GFE}`,
      { trustedHops: 2 },
      CLIENT,
    ],
    [
      'no trusted hop (the peer wrote the header)',
      `6.6.6.6, ${CLIENT}`,
      { trustedHops: 0 },
      CLIENT,
    ],
    ['IPv6, any case, bracketed with a port', `[2001:DB8::42]:443, ${GFE}`, {}, '2001:db8::42'],
    ['IPv4 with a port', `${CLIENT}:51000, ${GFE}`, {}, CLIENT],
  ])('%s', (_label, header, options, expected) => {
    expect(clientAddress(header, options)).toBe(expected);
  });

  it('never returns an entry the client wrote, whatever it wrote', () => {
    const forged = fc.array(
      fc.oneof(
        fc.ipV4(),
        fc.ipV6(),
        fc.string({ maxLength: 20 }).map((s) => s.replace(/,/g, '')),
      ),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(forged, (entries) => {
        const header = [...entries, CLIENT, GFE].join(', ');
        expect(clientAddress(header)).toBe(CLIENT);
      }),
    );
  });
});

describe('forwardedEntries / normaliseAddress', () => {
  it('splits repeated headers joined by commas', () => {
    expect(forwardedEntries('a, b,c ,, d')).toEqual(['a', 'b', 'c', 'd']);
  });

  it.each([
    ['::FFFF:203.0.113.7', '203.0.113.7'],
    ['[::1]', '::1'],
    ['2001:db8::1', '2001:db8::1'],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseAddress(raw)).toBe(expected);
  });
});

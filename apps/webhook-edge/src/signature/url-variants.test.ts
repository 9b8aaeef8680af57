import { describe, expect, it } from 'vitest';
import {
  signedUrlVariants,
  withLegacyQuery,
  withoutPort,
  withStandardPort,
} from './url-variants.ts';

describe('port variants', () => {
  it.each([
    ['https://a.test/p?q=1', 'https://a.test:443/p?q=1', 'https://a.test/p?q=1'],
    ['http://a.test/p', 'http://a.test:80/p', 'http://a.test/p'],
    ['https://a.test:8443/p', 'https://a.test:8443/p', 'https://a.test/p'],
    ['https://u:pw@a.test/p', 'https://u:pw@a.test:443/p', 'https://u:pw@a.test/p'],
    ['https://[::1]/p', 'https://[::1]:443/p', 'https://[::1]/p'],
    ['https://[::1]:8787/p', 'https://[::1]:8787/p', 'https://[::1]/p'],
    ['not a url', 'not a url', 'not a url'],
  ])('%s', (url, ported, bare) => {
    expect(withStandardPort(url)).toBe(ported);
    expect(withoutPort(url)).toBe(bare);
  });
});

describe('withLegacyQuery', () => {
  it.each([
    ["https://a.test/p?x=l'a", "https://a.test/p?x=l'a"],
    ['https://a.test/p?x=l%27a', "https://a.test/p?x=l'a"],
    ['https://a.test/p?x=a+b', 'https://a.test/p?x=a%20b'],
    ['https://a.test/p?b=1&a=2&b=3', 'https://a.test/p?b=1&b=3&a=2'],
    ['https://a.test/p?z=1&2=x', 'https://a.test/p?2=x&z=1'],
    ['https://a.test/p?flag', 'https://a.test/p?flag='],
    ['https://a.test/p?x=%E9', 'https://a.test/p?x=%EF%BF%BD'],
    ['https://a.test/p?x=1#rc=3', 'https://a.test/p?x=1#rc=3'],
    ['https://a.test/p?', 'https://a.test/p?'],
    ['https://a.test/p', 'https://a.test/p'],
  ])('%s → %s', (url, expected) => {
    expect(withLegacyQuery(url)).toBe(expected);
  });
});

describe('signedUrlVariants', () => {
  it('puts the URL as received first and has no duplicates', () => {
    const variants = signedUrlVariants('https://a.test/p?n=1');
    expect(variants[0]).toBe('https://a.test/p?n=1');
    expect(variants).toEqual(['https://a.test/p?n=1', 'https://a.test:443/p?n=1']);
  });

  it('puts a URL with an explicit port as received first (one HMAC for a valid request)', () => {
    expect(signedUrlVariants('http://127.0.0.1:8787/twilio/status?n=1')).toEqual([
      'http://127.0.0.1:8787/twilio/status?n=1',
      'http://127.0.0.1/twilio/status?n=1',
    ]);
  });

  it('adds every variant with the configured fragment, after those without', () => {
    const variants = signedUrlVariants('https://a.test/p?n=1', { fragment: '#rc=3' });
    expect(variants).toEqual([
      'https://a.test/p?n=1',
      'https://a.test:443/p?n=1',
      'https://a.test/p?n=1#rc=3',
      'https://a.test:443/p?n=1#rc=3',
    ]);
  });

  it('adds the normalised and legacy-encoded forms when they differ', () => {
    const variants = signedUrlVariants("https://A.test/p?x=l'a");
    expect(variants).toContain('https://a.test/p?x=l%27a');
    expect(variants).toContain("https://a.test/p?x=l'a");
    expect(variants.length).toBe(new Set(variants).size);
  });

  it('ignores a fragment already on the received URL', () => {
    expect(signedUrlVariants('https://a.test/p#x')).toEqual([
      'https://a.test/p',
      'https://a.test:443/p',
    ]);
  });
});

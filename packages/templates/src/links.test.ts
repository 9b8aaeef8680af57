import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isShortLink, parseShortLink, SHORT_LINK_MAX_LENGTH, shortLink } from './links.ts';

describe('shortLink', () => {
  it('builds https://<domain>/t/<id>', () => {
    expect(shortLink('omega.fr', 'Ab3xK9pQ')).toBe('https://omega.fr/t/Ab3xK9pQ');
    expect(shortLink(' Omega-Services.FR ', 'Ab3xK9pQ12ab')).toBe(
      'https://omega-services.fr/t/Ab3xK9pQ12ab',
    );
  });

  it.each([
    ['omega', 'Ab3xK9pQ'],
    ['a-very-long-domain-name.fr', 'Ab3xK9pQ'],
    ['omega.fr', 'short'],
    ['omega.fr', 'Ab3xK9pQ12abc'],
    ['omega.fr', 'Ab3x-9pQ'],
  ])('throws on domain %j with id %j', (domain, id) => {
    expect(() => shortLink(domain, id)).toThrow(RangeError);
  });

  it('round-trips through parseShortLink for any valid id', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9]{8,12}$/), (id) => {
        const link = shortLink('omega.fr', id);
        expect(parseShortLink(link)).toEqual({ ok: true, value: { domain: 'omega.fr', id } });
        expect(link.length).toBeLessThanOrEqual(SHORT_LINK_MAX_LENGTH);
      }),
    );
  });
});

describe('parseShortLink', () => {
  it.each([
    ['http://omega.fr/t/Ab3xK9pQ', 'not_a_short_link'],
    [
      'https://omega.fr/track?token=eyJhbGciOiJIUzI1NiJ9.eyJ0aWNrZXQiOiIxMjMifQ.sig',
      'not_a_short_link',
    ],
    ['https://omega.fr/t/Ab3xK9pQ?utm=sms', 'not_a_short_link'],
    ['https://omega.fr/t/Ab3xK9pQ/extra', 'not_a_short_link'],
    ['https://omega.fr/t/eyJhbGciOiJIUzI1NiJ9', 'invalid_id'],
    ['https://omega.fr/t/Ab3', 'invalid_id'],
    ['https://a-very-long-domain-name.fr/t/Ab3xK9pQ', 'invalid_domain'],
    ['https://localhost/t/Ab3xK9pQ', 'invalid_domain'],
  ])('rejects %j (%s)', (url, code) => {
    const parsed = parseShortLink(url);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.code).toBe(code);
    expect(isShortLink(url)).toBe(false);
  });
});

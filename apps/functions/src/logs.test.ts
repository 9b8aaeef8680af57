import { describe, expect, it } from 'vitest';
import { maskAddress, redact } from './logs.ts';

describe('log redaction', () => {
  // Core's maskPhone, the output of the customer's link page too (was `+336******78` here).
  it.each([
    ['+33612345678', '+336 •• •• •• 78'],
    ['whatsapp:+33612345678', '+336 •• •• •• 78'],
    ['+262692123456', '+262 •• •• •• 56'],
  ])('masks the phone %s', (input, expected) => {
    expect(maskAddress(input)).toBe(expected);
  });

  it('masks emails and push tokens', () => {
    expect(maskAddress('jean.dupont@example.fr')).toBe('j•••@example.fr');
    expect(maskAddress('zoe@example.fr')).toBe('z•••@example.fr');
    expect(maskAddress('fcm-token-abcdefghijkl')).toBe('fcm-to…');
  });

  it('drops secret-looking fields and credentials in URLs, at any depth', () => {
    expect(
      redact({
        authToken: 'abc',
        nested: { password: 'x', url: 'smtps://user:pw@smtp.example.com:465', ok: 1 },
        list: [1, 2],
      }),
    ).toEqual({
      authToken: '[redacted]',
      nested: { password: '[redacted]', url: 'smtps://[redacted]@smtp.example.com:465', ok: 1 },
      list: [1, 2],
    });
  });
});

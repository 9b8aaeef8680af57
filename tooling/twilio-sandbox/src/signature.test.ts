import fc from 'fast-check';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { twilioSignature } from './signature.ts';

const VECTOR_PARAMS = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+14158675309',
  Digits: '1234',
  From: '+14158675309',
  To: '+18005551212',
};

describe('twilioSignature', () => {
  it.each([
    ['https://mycompany.com/myapp.php?foo=1&bar=2', 'RSOYDt4T1cUTdK1PDd93/VVr8B8='],
    ['https://mycompany.com:443/myapp.php?foo=1&bar=2', 'kvajT1Ptam85bY51eRf/AJRuM3w='],
  ])('matches twilio-node test vector for %s', (url, expected) => {
    expect(twilioSignature('12345', url, VECTOR_PARAMS)).toBe(expected);
  });

  it('is accepted by the official validateRequest for any params, and refused with another token', () => {
    const params = fc.dictionary(
      fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,15}$/),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(
        params,
        fc.stringMatching(/^[a-z0-9]{1,32}$/),
        fc.stringMatching(/^[a-z]{1,10}$/),
        (p, token, path) => {
          const url = `https://hooks.example.com/${path}?m=1`;
          const signature = twilioSignature(token, url, p);
          expect(twilio.validateRequest(token, signature, url, p)).toBe(true);
          expect(twilio.validateRequest(`${token}x`, signature, url, p)).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });
});

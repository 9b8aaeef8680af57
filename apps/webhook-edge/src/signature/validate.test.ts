import { describe, expect, it } from 'vitest';
import { sha256Hex } from './digest.ts';
import { validateTwilioSignature, validateTwilioSignatureWithBody } from './validate.ts';

// Twilio's published test vectors (twilio-node spec; shared/reference/twilio-france.md §2.3).
const TOKEN = '12345';
const URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const URL_443 = 'https://mycompany.com:443/myapp.php?foo=1&bar=2';
const PARAMS = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+14158675309',
  Digits: '1234',
  From: '+14158675309',
  To: '+18005551212',
};
const SIGNATURE = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';
const SIGNATURE_443 = 'kvajT1Ptam85bY51eRf/AJRuM3w=';
const BODY = '{"property": "value", "boolean": true}';
const BODY_HASH = '0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620';
const BODY_SIGNATURE = 'a9nBmqA0ju/hNViExpshrM61xv4=';

describe('validateTwilioSignature: published vectors', () => {
  it.each([
    ['the URL as signed', URL, SIGNATURE],
    ['the URL without port, signature over :443', URL, SIGNATURE_443],
    ['the URL with :443, signature without port', URL_443, SIGNATURE],
    ['the URL with :443, signature over :443', URL_443, SIGNATURE_443],
  ])('accepts %s', async (_name, url, signature) => {
    expect(
      await validateTwilioSignature({ authToken: TOKEN, signature, url, params: PARAMS }),
    ).toBe(true);
  });

  it.each([
    ['another token', { authToken: '54321' }],
    ['another URL', { url: 'https://mycompany.com/myapp.php?foo=1&bar=3' }],
    ['http instead of https', { url: 'http://mycompany.com/myapp.php?foo=1&bar=2' }],
    ['a changed parameter', { params: { ...PARAMS, Digits: '1235' } }],
    ['a missing parameter', { params: { ...PARAMS, To: undefined as unknown as string } }],
    ['an extra parameter', { params: { ...PARAMS, Extra: '' } }],
    ['an empty signature', { signature: '' }],
    ['a truncated signature', { signature: SIGNATURE.slice(0, -1) }],
    ['a lower-cased signature', { signature: SIGNATURE.toLowerCase() }],
  ])('rejects %s', async (_name, change) => {
    const options = { authToken: TOKEN, signature: SIGNATURE, url: URL, params: PARAMS, ...change };
    const params = Object.fromEntries(
      Object.entries(options.params).filter(([, v]) => v !== undefined),
    );
    expect(await validateTwilioSignature({ ...options, params })).toBe(false);
  });

  it('reproduces the published body hash', async () => {
    expect(await sha256Hex(BODY)).toBe(BODY_HASH);
  });

  it('accepts the published bodySHA256 request and rejects a changed body', async () => {
    const url = `${URL}&bodySHA256=${BODY_HASH}`;
    const options = { authToken: TOKEN, signature: BODY_SIGNATURE, url };
    expect(await validateTwilioSignatureWithBody({ ...options, body: BODY })).toBe(true);
    expect(await validateTwilioSignatureWithBody({ ...options, body: `${BODY} ` })).toBe(false);
    expect(await validateTwilioSignatureWithBody({ ...options, url: URL, body: BODY })).toBe(false);
  });
});

describe('validateTwilioSignature: fragment and repeated names', () => {
  const base = { authToken: TOKEN, url: URL, params: PARAMS };

  it('accepts a signature over the URL with the configured fragment', async () => {
    const { twilioSignature } = await import('../../test/support/twilio.ts');
    const signature = await twilioSignature(TOKEN, `${URL}#rc=3&rp=5xx`, PARAMS);
    expect(await validateTwilioSignature({ ...base, signature, fragment: 'rc=3&rp=5xx' })).toBe(
      true,
    );
    expect(await validateTwilioSignature({ ...base, signature, fragment: '#rc=3&rp=5xx' })).toBe(
      true,
    );
    expect(await validateTwilioSignature({ ...base, signature })).toBe(false);
    expect(await validateTwilioSignature({ ...base, signature, fragment: 'rc=2' })).toBe(false);
  });

  it('still accepts a signature without the fragment when one is configured', async () => {
    expect(await validateTwilioSignature({ ...base, signature: SIGNATURE, fragment: 'rc=3' })).toBe(
      true,
    );
  });

  it('signs repeated names with each distinct value, sorted (as twilio-node)', async () => {
    const { twilioSignature } = await import('../../test/support/twilio.ts');
    const params = { ...PARAMS, Tag: ['b', 'a', 'b'] };
    const signature = await twilioSignature(TOKEN, URL, { ...PARAMS, Tag: ['a', 'b'] });
    expect(await validateTwilioSignature({ ...base, params, signature })).toBe(true);
    const onlyFirst = await twilioSignature(TOKEN, URL, { ...PARAMS, Tag: 'b' });
    expect(await validateTwilioSignature({ ...base, params, signature: onlyFirst })).toBe(false);
  });
});

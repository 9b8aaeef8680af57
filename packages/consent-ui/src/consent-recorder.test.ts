import { describe, expect, it } from 'vitest';
import type { ConsentApiOptions } from './api-client.ts';
import type { ConsentChange } from './consent-changes.ts';
import { createConsentRecorder } from './consent-recorder.ts';
import { type FakeAnswer, fakeFetch } from './test-fetch.ts';

const changes: ConsentChange[] = [
  { channel: 'sms', granted: true, wordingVersion: 'optin-sms-fr-2026-01' },
  { channel: 'email', granted: false, wordingVersion: 'optout-email-fr-2026-01' },
];

function recorder(answers: FakeAnswer[], options: Partial<ConsentApiOptions> = {}) {
  const { fetch, seen } = fakeFetch(...answers);
  const record = createConsentRecorder({
    apiOrigin: 'https://api.omega.test/',
    getIdToken: async () => 'id-token-1',
    fetch,
    ...options,
  });
  return { record, seen };
}

describe('createConsentRecorder', () => {
  it('POSTs the changes with the customer ID token and answers the number of records', async () => {
    const { record, seen } = recorder([{ status: 200, json: { records: 2 } }]);
    const result = await record(changes, { source: 'registration' });
    expect(result).toEqual({ ok: true, records: 2, twilioOptOut: false });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toEqual({
      url: 'https://api.omega.test/api/public/me/consent',
      method: 'POST',
      headers: {
        accept: 'application/json',
        authorization: 'Bearer id-token-1',
        'content-type': 'application/json',
      },
      body: {
        source: 'registration',
        changes: [
          { channel: 'sms', granted: true, wordingVersion: 'optin-sms-fr-2026-01' },
          { channel: 'email', granted: false, wordingVersion: 'optout-email-fr-2026-01' },
        ],
      },
    });
  });

  it('sends only the three fields of each change and the given source', async () => {
    const { record, seen } = recorder([{ status: 200, json: { records: 1 } }]);
    const extra = { ...changes[0], note: 'x' } as ConsentChange;
    await record([extra], { source: 'web' });
    expect(seen[0]?.body).toEqual({
      source: 'web',
      changes: [{ channel: 'sms', granted: true, wordingVersion: 'optin-sms-fr-2026-01' }],
    });
  });

  it.each([
    [{ records: 1, suppressionLifted: true, suppressionKept: null }, false],
    [{ records: 1, suppressionKept: 'twilio_opt_out', suppressionAdded: false }, true],
  ])('reads the server answer %j: twilioOptOut %s', async (json, twilioOptOut) => {
    const { record } = recorder([{ status: 200, json }]);
    expect(await record(changes, { source: 'web' })).toEqual({
      ok: true,
      records: 1,
      twilioOptOut,
    });
  });

  it('sends nothing for no change', async () => {
    const { record, seen } = recorder([{ status: 200, json: { records: 0 } }]);
    expect(await record([], { source: 'web' })).toEqual({
      ok: true,
      records: 0,
      twilioOptOut: false,
    });
    expect(seen).toHaveLength(0);
  });

  it.each<[string, FakeAnswer, Record<string, unknown>]>([
    [
      '400 invalid_request',
      { status: 400, json: { error: { code: 'invalid_request', message: 'changes[0].channel' } } },
      { code: 'invalid_request', message: 'changes[0].channel', status: 400 },
    ],
    [
      '400 unknown_wording',
      { status: 400, json: { error: { code: 'unknown_wording', message: 'Texte inconnu' } } },
      { code: 'unknown_wording', message: 'Texte inconnu', status: 400 },
    ],
    [
      '400 with a code this build does not know',
      { status: 400, json: { error: { code: 'body_too_large', message: 'trop gros' } } },
      { code: 'invalid_request', message: 'trop gros', status: 400 },
    ],
    [
      '401 missing_token',
      { status: 401, json: { error: { code: 'missing_token', message: 'no token' } } },
      { code: 'missing_token', status: 401 },
    ],
    [
      '401 invalid_token',
      { status: 401, json: { error: { code: 'invalid_token', message: 'expired' } } },
      { code: 'invalid_token', message: 'expired', status: 401 },
    ],
    ['401 without a body', { status: 401, text: '' }, { code: 'invalid_token', status: 401 }],
    [
      '429 with Retry-After seconds',
      {
        status: 429,
        json: { error: { code: 'rate_limited', message: 'slow down' } },
        headers: { 'retry-after': '30' },
      },
      { code: 'rate_limited', status: 429, retryAfterSeconds: 30 },
    ],
    [
      '429 without Retry-After',
      { status: 429, json: { error: { code: 'rate_limited', message: 'slow down' } } },
      { code: 'rate_limited', status: 429 },
    ],
    [
      '429 from a proxy (HTML)',
      { status: 429, text: '<html>Too Many Requests</html>', headers: { 'retry-after': '5' } },
      { code: 'rate_limited', status: 429, retryAfterSeconds: 5 },
    ],
    [
      '502 HTML from a gateway',
      { status: 502, text: '<html>Bad Gateway</html>' },
      { code: 'server_error', status: 502 },
    ],
    [
      '404 with an unknown server code',
      { status: 404, json: { error: { code: 'not_found', message: 'no profile' } } },
      { code: 'http_error', message: 'no profile', status: 404 },
    ],
    ['200 that is not JSON', { status: 200, text: 'OK' }, { code: 'bad_response', status: 200 }],
    [
      '200 without records',
      { status: 200, json: { saved: true } },
      { code: 'bad_response', status: 200 },
    ],
    [
      '200 with a negative count',
      { status: 200, json: { records: -1 } },
      { code: 'bad_response', status: 200 },
    ],
    [
      'network failure',
      { throws: new TypeError('Failed to fetch') },
      { code: 'network_error', message: 'cannot reach the customer API: Failed to fetch' },
    ],
  ])('%s → a failure value', async (_name, answer, expected) => {
    const { record } = recorder([answer]);
    const result = await record(changes, { source: 'web' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject(expected);
    expect(typeof result.error.message).toBe('string');
    expect(result.error.message.length).toBeGreaterThan(0);
  });

  it('says nothing about waiting when the server does not', async () => {
    const { record } = recorder([
      { status: 429, json: { error: { code: 'rate_limited', message: 'slow down' } } },
    ]);
    const result = await record(changes, { source: 'web' });
    expect(result).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: 'slow down', status: 429 },
    });
  });

  it('gives up after the timeout', async () => {
    const { record } = recorder([{ hang: true }], { timeoutMs: 20 });
    const result = await record(changes, { source: 'web' });
    expect(result).toEqual({
      ok: false,
      error: { code: 'timeout', message: 'no answer within 20 ms' },
    });
  });

  it.each<[string, ConsentApiOptions['getIdToken']]>([
    ['no signed-in customer', () => null],
    ['an empty token', async () => ''],
    [
      'the token refresh fails',
      async () => {
        throw new Error('auth/network-request-failed');
      },
    ],
  ])('%s: not_signed_in, nothing sent', async (_name, getIdToken) => {
    const { record, seen } = recorder([{ status: 200, json: { records: 2 } }], { getIdToken });
    const result = await record(changes, { source: 'registration' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('not_signed_in');
    expect(seen).toHaveLength(0);
  });

  it('asks for a fresh token on every call', async () => {
    let n = 0;
    const { record, seen } = recorder([{ status: 200, json: { records: 1 } }], {
      getIdToken: () => `token-${++n}`,
    });
    await record(changes, { source: 'web' });
    await record(changes, { source: 'web' });
    expect(seen.map((r) => r.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('keeps a path in the API base URL (Functions emulator)', async () => {
    const { record, seen } = recorder([{ status: 200, json: { records: 2 } }], {
      apiOrigin: 'http://127.0.0.1:5001/demo-omega/europe-west1/customerApi',
    });
    await record(changes, { source: 'web' });
    expect(seen[0]?.url).toBe(
      'http://127.0.0.1:5001/demo-omega/europe-west1/customerApi/api/public/me/consent',
    );
  });
});

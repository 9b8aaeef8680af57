import { describe, expect, it } from 'vitest';
import { loadPreferences } from './load-preferences.ts';
import { type FakeAnswer, fakeFetch } from './test-fetch.ts';

function load(answer: FakeAnswer) {
  const { fetch, seen } = fakeFetch(answer);
  const result = loadPreferences({
    apiOrigin: 'https://api.omega.test',
    getIdToken: () => 'tok',
    fetch,
  });
  return { result, seen };
}

describe('loadPreferences', () => {
  it('GETs the preferences with the customer token and reads each channel', async () => {
    const { result, seen } = load({
      status: 200,
      json: {
        channels: [
          { channel: 'email', enabled: true },
          { channel: 'sms', enabled: true },
          { channel: 'whatsapp', enabled: false },
          { channel: 'push', enabled: false },
        ],
      },
    });
    expect(await result).toEqual({
      ok: true,
      preferences: { email: true, sms: true, whatsapp: false, push: false },
    });
    expect(seen).toEqual([
      {
        url: 'https://api.omega.test/api/public/me/preferences',
        method: 'GET',
        headers: { accept: 'application/json', authorization: 'Bearer tok' },
        body: undefined,
      },
    ]);
  });

  it('ignores a channel this build does not know, keeps the others', async () => {
    const { result } = load({
      status: 200,
      json: {
        channels: [
          { channel: 'rcs', enabled: true },
          { channel: 'sms', enabled: false },
        ],
      },
    });
    expect(await result).toEqual({ ok: true, preferences: { sms: false } });
  });

  it.each<[string, unknown]>([
    ['no channels', {}],
    ['channels not a list', { channels: { sms: true } }],
    ['enabled not a boolean', { channels: [{ channel: 'sms', enabled: 'yes' }] }],
    ['an entry that is not an object', { channels: ['sms'] }],
  ])('%s → bad_response', async (_name, json) => {
    const { result } = load({ status: 200, json });
    const r = await result;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('bad_response');
  });

  it('maps a refusal like the recorder', async () => {
    const { result } = load({
      status: 401,
      json: { error: { code: 'invalid_token', message: 'expired' } },
    });
    expect(await result).toEqual({
      ok: false,
      error: { code: 'invalid_token', message: 'expired', status: 401 },
    });
  });
});

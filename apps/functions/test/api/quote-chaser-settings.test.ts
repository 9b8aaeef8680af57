import { describe, expect, it } from 'vitest';
import { type ApiHarness, TOKENS, useApiHarness } from './support/api-harness.ts';

// The quote chasers' settings (issue 16 item 3) through the staff API: shown with core's
// defaults, stored when valid and read by the pipeline, refused with the rule broken otherwise.

let h: ApiHarness;
useApiHarness({
  started: (started) => {
    h = started;
  },
});

type View = { quoteChasers: { enabled: boolean; delaysHours: number[] } };

describe('quote chasers settings', () => {
  it('shows the defaults (on, 24 h and 72 h) when nothing is stored', async () => {
    const res = await h.json<View>('GET', '/api/staff/settings');
    expect(res.status).toBe(200);
    expect(res.body.quoteChasers).toEqual({ enabled: true, delaysHours: [24, 72] });
  });

  it('stores valid delays, which the pipeline then reads', async () => {
    const res = await h.json<View>('PUT', '/api/staff/settings', {
      token: TOKENS.admin,
      body: { quoteChasers: { enabled: false, delaysHours: [48] } },
    });
    expect(res.status).toBe(200);
    expect(res.body.quoteChasers).toEqual({ enabled: false, delaysHours: [48] });
    expect((await h.db.doc('settings/notifications').get()).get('quoteChasers')).toEqual({
      enabled: false,
      delaysHours: [48],
    });
    expect((await h.deps.settings.get()).quoteChasers).toEqual({
      enabled: false,
      delaysHours: [48],
    });
  });

  it.each([
    ['descending', { enabled: true, delaysHours: [72, 24] }, 'croissants'],
    ['twice the same', { enabled: true, delaysHours: [24, 24] }, 'croissants'],
    ['below one hour', { enabled: true, delaysHours: [0, 24] }, 'entre 1 et 336'],
    ['beyond 14 days', { enabled: true, delaysHours: [24, 400] }, 'entre 1 et 336'],
    ['not whole hours', { enabled: true, delaysHours: [1.5] }, 'entre 1 et 336'],
    ['three chasers', { enabled: true, delaysHours: [24, 48, 72] }, '2 relances au plus'],
    ['none', { enabled: true, delaysHours: [] }, '2 relances au plus'],
    ['no switch', { delaysHours: [24, 72] }, 'enabled'],
    ['an unknown field', { enabled: true, delaysHours: [24], every: 3 }, 'every'],
  ])('refuses %s with a clear error and stores nothing', async (_name, quoteChasers, words) => {
    const res = await h.json('PUT', '/api/staff/settings', {
      token: TOKENS.admin,
      body: { quoteChasers },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain(words);
    expect((await h.db.doc('settings/notifications').get()).get('quoteChasers')).toBeUndefined();
  });

  it('is an admin section: staff without the admin claim are refused', async () => {
    const res = await h.json('PUT', '/api/staff/settings', {
      token: TOKENS.staff,
      body: { quoteChasers: { enabled: false, delaysHours: [24] } },
    });
    expect(res.status).toBe(403);
  });
});

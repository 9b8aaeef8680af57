import { describe, expect, it } from 'vitest';
import { type ApiHarness, TOKENS, useApiHarness } from './support/api-harness.ts';

let h: ApiHarness;
useApiHarness({
  started: (started) => {
    h = started;
  },
});

describe('POST /api/staff/admin/stats/rebuild', () => {
  it('rebuilds the statistics from the documents for an admin, and refuses other staff', async () => {
    await h.db.doc('clients/w1').set({ name: 'Jean', phone: '06 12 34 56 78' });
    await h.db.doc('clients/w2').set({ name: 'Léa', phone: null });
    const refused = await h.json('POST', '/api/staff/admin/stats/rebuild', { body: {} });
    expect(refused.status).toBe(403);
    const bad = await h.json('POST', '/api/staff/admin/stats/rebuild', {
      token: TOKENS.admin,
      body: { restart: 'yes' },
    });
    expect(bad.status).toBe(400);
    const res = await h.json<{ done: boolean; phase: string; documents: number }>(
      'POST',
      '/api/staff/admin/stats/rebuild',
      { token: TOKENS.admin, body: {} },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ done: true, phase: 'done', documents: 2 });
    expect((await h.db.doc('stats_coverage/current').get()).data()).toEqual({
      customers_total: 2,
      reachable_any: 1,
      reachable_sms: 1,
    });
  });
});

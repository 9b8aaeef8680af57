import { NOTIFICATION_KINDS } from '@omega/core';
import { describe, expect, it } from 'vitest';
import type { Analytics } from '../../src/api/services/analytics.ts';
import { seedSettings } from '../support/fixtures.ts';
import { type ApiHarness, TOKENS, useApiHarness } from './support/api-harness.ts';

let h: ApiHarness;
useApiHarness({
  started: (started) => {
    h = started;
  },
});

describe('settings', () => {
  it('shows the effective settings to staff, with core’s defaults where nothing is stored', async () => {
    const res = await h.json<{
      budget: { monthlyEur: number };
      shop: { hours: string };
      twilio: { smsFrom?: string };
      issues: string[];
    }>('GET', '/api/staff/settings');
    expect(res.status).toBe(200);
    expect(res.body.budget.monthlyEur).toBeGreaterThan(0);
    expect(res.body.twilio.smsFrom).toBe('OMEGA');
    expect(res.body.issues).toEqual([]);
  });

  it('lets an admin change the budget and the rollout, which the pipeline then reads', async () => {
    const res = await h.json<{
      budget: { monthlyEur: number };
      rollout: { sms: { percent: number; allowlist: string[] } };
    }>('PUT', '/api/staff/settings', {
      token: TOKENS.admin,
      body: {
        budget: { monthlyEur: 120, warnRatio: 0.8, holdExpiryHours: 48 },
        rollout: { sms: { percent: 10, allowlist: ['c1'] } },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.budget.monthlyEur).toBe(120);
    expect(res.body.rollout.sms).toEqual({ percent: 10, allowlist: ['c1'] });
    const stored = (await h.db.doc('settings/notifications').get()).data();
    expect(stored).toMatchObject({
      budget: { monthlyEur: 120 },
      twilio: { smsFrom: 'OMEGA' },
      updatedBy: 'admin-1',
    });
    expect((await h.deps.settings.get()).core.budget.monthlyEur).toBe(120);
  });

  it('stores the review link of the satisfaction survey, and refuses one that is not https', async () => {
    const bad = await h.json('PUT', '/api/staff/settings', {
      token: TOKENS.admin,
      body: { satisfaction: { reviewUrl: 'http://g.page/r/x/review' } },
    });
    expect(bad.status).toBe(400);
    const res = await h.json<{ satisfaction: { reviewUrl: string | null } }>(
      'PUT',
      '/api/staff/settings',
      { token: TOKENS.admin, body: { satisfaction: { reviewUrl: 'https://g.page/r/CQ/review' } } },
    );
    expect(res.status).toBe(200);
    expect(res.body.satisfaction.reviewUrl).toBe('https://g.page/r/CQ/review');
    expect((await h.deps.settings.get()).reviewUrl).toBe('https://g.page/r/CQ/review');
  });

  it("stores the shop's email for quote decisions, refuses one that is not an address, and clears it", async () => {
    const bad = await h.json<{ error: { message: string } }>('PUT', '/api/staff/settings', {
      token: TOKENS.admin,
      body: { shopEmail: 'atelier chez omega' },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('une adresse email valide');
    const res = await h.json<{ shopEmail: string | null }>('PUT', '/api/staff/settings', {
      token: TOKENS.admin,
      body: { shopEmail: 'atelier@omega.fr' },
    });
    expect(res.status).toBe(200);
    expect(res.body.shopEmail).toBe('atelier@omega.fr');
    expect((await h.deps.settings.get()).shopEmail).toBe('atelier@omega.fr');
    const cleared = await h.json<{ shopEmail: string | null }>('PUT', '/api/staff/settings', {
      token: TOKENS.admin,
      body: { shopEmail: null },
    });
    expect(cleared.body.shopEmail).toBeNull();
  });

  it('replaces a section whole: an allowlist entry removed stays removed', async () => {
    await h.call('PUT', '/api/staff/settings', {
      token: TOKENS.admin,
      body: { rollout: { sms: { percent: 10, allowlist: ['c1', 'c2'] } } },
    });
    await h.call('PUT', '/api/staff/settings', {
      token: TOKENS.admin,
      body: { rollout: { sms: { percent: 50, allowlist: ['c2'] } } },
    });
    expect((await h.db.doc('settings/notifications').get()).get('rollout')).toEqual({
      sms: { percent: 50, allowlist: ['c2'] },
    });
  });

  it('refuses changes from staff who are not admins', async () => {
    const res = await h.json<{ error: { code: string } }>('PUT', '/api/staff/settings', {
      body: { budget: { monthlyEur: 1 } },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('not_admin');
  });

  it.each([
    ['a start after the stored end', { sendWindow: { startHour: 21 } }, /21:00.*20:00/],
    ['every weekday closed', { sendWindow: { closedWeekdays: [0, 1, 2, 3, 4, 5, 6] } }, /jour/],
  ])('validates a partial send window merged with the stored one: %s', async (_l, body, words) => {
    const before = (await h.db.doc('settings/notifications').get()).data();
    const res = await h.json<{ error: { code: string; message: string } }>(
      'PUT',
      '/api/staff/settings',
      { token: TOKENS.admin, body },
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_settings' });
    expect(res.body.error.message).toMatch(words);
    expect((await h.db.doc('settings/notifications').get()).data()).toEqual(before);
  });

  it.each([
    ['a negative budget', { budget: { monthlyEur: -5 } }, 'budget.monthlyEur'],
    [
      'a rollout over 100 %',
      { rollout: { sms: { percent: 150, allowlist: [] } } },
      'rollout.sms.percent',
    ],
    [
      'quiet hours that end before they start',
      { sendWindow: { startHour: 19, endHour: 9 } },
      'sendWindow',
    ],
    [
      'a malformed Messaging Service',
      { twilio: { messagingServiceSid: 'MG123' } },
      'twilio.messagingServiceSid',
    ],
    ['an address too long for one SMS', { shop: { address: 'x'.repeat(80) } }, 'shop.address'],
    ['an unknown section', { cascade: { rules: [] } }, ''],
    ['nothing', {}, ''],
  ])('rejects %s with a 400 and stores nothing', async (_label, body, path) => {
    const before = (await h.db.doc('settings/notifications').get()).data();
    const res = await h.json<{ error: { code: string; issues: Array<{ path: string }> } }>(
      'PUT',
      '/api/staff/settings',
      { token: TOKENS.admin, body },
    );
    expect(res.status).toBe(400);
    if (path) expect(res.body.error.issues.map((i) => i.path)).toContain(path);
    expect((await h.db.doc('settings/notifications').get()).data()).toEqual(before);
  });

  it('sends a test SMS through the sandbox and records it in the history', async () => {
    const res = await h.json<{ ok: boolean; notificationId: string }>(
      'POST',
      '/api/staff/settings/test-message',
      { token: TOKENS.admin, body: { channel: 'sms', to: '06 12 34 56 78' } },
    );
    expect(res.body.ok).toBe(true);
    const sent = h.sandbox.messages().filter((m) => m.direction === 'outbound-api');
    expect(sent.map((m) => [m.to, m.from])).toEqual([['+33612345678', 'OMEGA']]);
    const doc = (await h.db.doc(`notification_history/${res.body.notificationId}`).get()).data();
    expect(doc).toMatchObject({
      origin: 'test',
      kind: 'test_message',
      status: 'queued',
      actor: 'admin-1',
    });
  });

  it('refuses a test SMS to a landline', async () => {
    const res = await h.json<{ error: { code: string } }>(
      'POST',
      '/api/staff/settings/test-message',
      { token: TOKENS.admin, body: { channel: 'sms', to: '01 23 45 67 89' } },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('not_sms_capable');
  });
});

describe('templates', () => {
  it('lists every template with its variables and WhatsApp approval', async () => {
    await seedSettings(h.db, {
      whatsappTemplates: {
        omega_status_completed_fr_v1: { contentSid: `HX${'b'.repeat(32)}`, approval: 'pending' },
      },
    });
    const res = await h.json<{
      items: Array<{ kind: string; required: string[]; whatsapp: { approval: string } }>;
    }>('GET', '/api/staff/templates');
    expect(res.body.items).toHaveLength(NOTIFICATION_KINDS.length);
    const completed = res.body.items.find((i) => i.kind === 'status_completed');
    expect(completed?.whatsapp.approval).toBe('pending');
    expect(completed?.required).toContain('device');
    expect(res.body.items.find((i) => i.kind === 'ticket_received')?.whatsapp.approval).toBe(
      'unsynced',
    );
  });

  it.each([
    [
      'an SMS in one GSM-7 segment',
      { kind: 'status_completed', channel: 'sms' },
      { encoding: 'GSM-7', segments: 1 },
    ],
    [
      'a WhatsApp template body',
      { kind: 'status_completed', channel: 'whatsapp', whatsappMode: 'template' },
      { segments: 1 },
    ],
  ])('previews %s with its price', async (_label, input, expected) => {
    const samples = (
      await h.json<{ items: Array<{ kind: string; samples: Record<string, string | number> }> }>(
        'GET',
        '/api/staff/templates',
      )
    ).body.items.find((i) => i.kind === input.kind)?.samples;
    const res = await h.json<{
      text: string;
      encoding: string;
      segments: number;
      estimatedEur: number;
    }>('POST', '/api/staff/templates/preview', { body: { ...input, variables: samples } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject(expected);
    expect(res.body.text).toContain('iPhone 13');
    expect(res.body.estimatedEur).toBeGreaterThan(0);
  });

  it('says which variable is missing', async () => {
    const res = await h.json<{ error: { code: string; message: string } }>(
      'POST',
      '/api/staff/templates/preview',
      { body: { kind: 'status_completed', channel: 'sms', variables: { device: 'iPhone 13' } } },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('template_missing_variable');
  });
});

describe('analytics', () => {
  async function seedYear() {
    const start = Date.parse('2025-03-03T12:00:00Z');
    for (let chunk = 0; chunk < 365; chunk += 100) {
      const batch = h.db.batch();
      for (let i = chunk; i < Math.min(365, chunk + 100); i++) {
        const day = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
        batch.set(h.db.doc(`stats_daily/${day}`), {
          day,
          month: day.slice(0, 7),
          sms_sent: 10,
          sms_delivered: 9,
          sms_failed: 1,
          sms_sent_lt1s: 8,
          sms_sent_lt5s: 2,
          sms_delivered_lt10s: 6,
          sms_delivered_lt60s: 3,
          sms_error_30006: 1,
          sms_skip_no_consent: 2,
          whatsapp_sent: 4,
          whatsapp_delivered: 4,
          whatsapp_read: 3,
          whatsapp_inbound: 1,
          cost_eur_total: 0.8,
          consent_sms_granted: 1,
        });
      }
      await batch.commit();
    }
    // The pipeline increments the month's document with the same counters in the same batch.
    const days = await h.db.collection('stats_daily').get();
    const months = new Map<string, Record<string, number>>();
    for (const d of days.docs) {
      const m = String(d.get('month'));
      const sum = months.get(m) ?? {};
      for (const [k, v] of Object.entries(d.data()))
        if (typeof v === 'number') sum[k] = (sum[k] ?? 0) + v;
      months.set(m, sum);
    }
    for (const [m, sum] of months) await h.db.doc(`stats_monthly/${m}`).set({ month: m, ...sum });
    await h.db.doc('stats_monthly/2026-03').set({ cost_eur_total: 12.5 }, { merge: true });
    await h.db
      .doc('stats_coverage/current')
      .set({ customers_total: 200, reachable_any: 150, reachable_sms: 120, reachable_email: 80 });
  }

  it('computes a year from whole months and the edge days: far fewer than 400 reads, charted per month', async () => {
    await seedYear();
    const res = await h.json<Analytics>(
      'GET',
      '/api/staff/analytics?from=2025-03-03&to=2026-03-02',
    );
    expect(res.status).toBe(200);
    const a = res.body;
    expect(a.range).toMatchObject({ days: 365, daysWithData: 13, granularity: 'month' });
    // 29 + 2 edge days, 11 whole months, the current month and the coverage document; the
    // previous year (the scoreboard's trend): 2 empty edge queries and 11 whole months.
    expect(a.reads).toBe(57);
    expect(a.channels.sms).toMatchObject({ sent: 3650, delivered: 3285, failed: 365 });
    expect(a.channels.sms.deliveryRate).toBeCloseTo(0.9);
    expect(a.channels.sms.latencySent.median).toMatchObject({ bucket: 'lt1s' });
    expect(a.channels.sms.latencySent.p95).toMatchObject({ bucket: 'lt5s' });
    expect(a.channels.sms.latencyDelivered.median).toMatchObject({ bucket: 'lt10s' });
    expect(a.channels.whatsapp.readRate).toBeCloseTo(0.75);
    expect(a.errors).toEqual([{ channel: 'sms', code: '30006', count: 365 }]);
    expect(a.notSent).toEqual([{ reason: 'no_consent', count: 730, perChannel: { sms: 730 } }]);
    expect(a.coverage).toMatchObject({ customers: 200, reachableAny: 150, rate: 0.75 });
    expect(a.coverage.perChannel.sms.rate).toBeCloseTo(0.6);
    expect(a.cost).toMatchObject({ month: '2026-03', monthToDateEur: 12.5 });
    expect(a.response.rate).toBeCloseTo(365 / (3285 + 1460));
    expect(a.optIn.rate).toBe(1);
    expect(a.series.map((x) => x.day)).toEqual(
      Array.from({ length: 13 }, (_, i) =>
        new Date(Date.UTC(2025, 2 + i, 1)).toISOString().slice(0, 7),
      ),
    );
    expect(a.series[0]?.sms_sent).toBe(290);
  });

  it('defaults to the last 30 days', async () => {
    await seedYear();
    const res = await h.json<Analytics>('GET', '/api/staff/analytics');
    expect(res.body.range).toMatchObject({
      from: '2026-02-01',
      to: '2026-03-02',
      days: 30,
      daysWithData: 30,
    });
  });

  it.each([
    ['more than 397 days', 'from=2024-01-01&to=2026-03-02'],
    ['a backwards range', 'from=2026-03-02&to=2026-03-01'],
    ['a bad date', 'from=yesterday'],
  ])('rejects %s', async (_label, query) => {
    expect((await h.call('GET', `/api/staff/analytics?${query}`)).status).toBe(400);
  });
});

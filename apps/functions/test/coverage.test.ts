import { DEFAULT_SETTINGS } from '@omega/core';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { coverageDelta, updateCoverage } from '../src/stats/coverage.ts';
import { openTestFirestore } from './support/firestore.ts';

const t = openTestFirestore();
beforeEach(() => t.reset());
afterAll(() => t.close());
const now = new Date('2026-03-02T09:00:00Z');

const profile = (prefs: Record<string, boolean>, extra: Record<string, unknown> = {}) => ({
  email: 'zoe@example.fr',
  phoneNumber: '06 98 76 54 32',
  notificationPreferences: prefs,
  pushTokens: [],
  ...extra,
});

describe('coverage counters', () => {
  it('counts a new customer, follows consent changes, and forgets a deleted one', async () => {
    const write = (before: unknown, after: unknown) =>
      updateCoverage(
        t.db,
        {
          kind: 'profile',
          id: 'u1',
          before: before as Record<string, unknown>,
          after: after as Record<string, unknown>,
        },
        DEFAULT_SETTINGS,
        now,
      );
    const a = profile({
      emailEnabled: true,
      smsEnabled: false,
      whatsappEnabled: false,
      pushEnabled: true,
    });
    const b = profile({
      emailEnabled: true,
      smsEnabled: true,
      whatsappEnabled: false,
      pushEnabled: true,
    });
    await write(null, a);
    await write(a, b);
    const current = async () => (await t.db.doc('stats_coverage/current').get()).data();
    expect(await current()).toEqual({
      customers_total: 1,
      reachable_any: 1,
      reachable_email: 1,
      reachable_sms: 1,
    });

    const c = profile({
      emailEnabled: false,
      smsEnabled: false,
      whatsappEnabled: false,
      pushEnabled: false,
    });
    await write(b, c);
    expect(await current()).toEqual({
      customers_total: 1,
      reachable_any: 0,
      reachable_email: 0,
      reachable_sms: 0,
    });
    await write(c, null);
    expect((await current())?.customers_total).toBe(0);
  });

  it('counts a walk-in through the client record until they register', async () => {
    const client = { name: 'Jean', phone: '06 12 34 56 78' };
    await updateCoverage(
      t.db,
      { kind: 'client', id: 'c1', before: null, after: client },
      DEFAULT_SETTINGS,
      now,
    );
    await updateCoverage(
      t.db,
      { kind: 'client', id: 'c1', before: client, after: { ...client, customerId: 'u1' } },
      DEFAULT_SETTINGS,
      now,
    );
    const data = (await t.db.doc('stats_coverage/current').get()).data();
    expect(data).toEqual({ customers_total: 0, reachable_any: 0, reachable_sms: 0 });
  });

  it('coverageDelta of identical states is empty (no write)', () => {
    const r = { email: true, sms: false, whatsapp: true, push: false };
    expect(coverageDelta(r, { ...r })).toEqual({});
  });
});

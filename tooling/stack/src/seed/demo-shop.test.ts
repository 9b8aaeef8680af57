import { parsePhone, TICKET_STATUSES } from '@omega/core';
import { describe, expect, it } from 'vitest';
import { buildDemoShop } from './demo-shop.ts';

const now = new Date('2026-03-02T09:00:00Z');
const shop = buildDemoShop({ now });
const docsIn = (collection: string) =>
  shop.docs.filter((d) => d.path.startsWith(`${collection}/`) && d.path.split('/').length === 2);

describe('buildDemoShop', () => {
  it('is deterministic: the same seed and day give the same shop, another seed another one', () => {
    expect(JSON.stringify(buildDemoShop({ now }).docs)).toBe(JSON.stringify(shop.docs));
    expect(JSON.stringify(buildDemoShop({ now, seed: 7 }).docs)).not.toBe(
      JSON.stringify(shop.docs),
    );
  });

  it('has about 200 walk-ins and 60 registered customers, each with a counter record', () => {
    const clients = docsIn('clients');
    const profiles = docsIn('customer_profiles');
    expect(clients.filter((c) => !c.data.customerId)).toHaveLength(200);
    expect(profiles).toHaveLength(60);
    for (const p of profiles) {
      const linked = clients.find((c) => c.path === `clients/${p.data.clientId}`);
      expect(linked?.data.customerId).toBe(p.path.split('/')[1]);
    }
  });

  it('has tickets in every status, each pointing at an existing client (and profile)', () => {
    const tickets = docsIn('tickets');
    expect(tickets.length).toBe(shop.counts.tickets);
    expect(new Set(tickets.map((t) => t.data.status))).toEqual(new Set(TICKET_STATUSES));
    const paths = new Set(shop.docs.map((d) => d.path));
    for (const t of tickets) {
      expect(paths.has(`clients/${t.data.clientId}`)).toBe(true);
      if (t.data.customerId) expect(paths.has(`customer_profiles/${t.data.customerId}`)).toBe(true);
      if (t.data.status === 'completed' || t.data.status === 'picked_up')
        expect(t.data.completedAt).toBeInstanceOf(Date);
      expect((t.data.createdAt as Date).getTime()).toBeLessThanOrEqual(now.getTime());
    }
  });

  it('mixes phone formats: overseas, foreign, landline, invalid and missing among French mobiles', () => {
    const phones = docsIn('clients')
      .map((c) => c.data.phone as string | null)
      .concat(docsIn('customer_profiles').map((p) => p.data.phoneNumber as string | null));
    const parsed = phones.map((p) => (p ? parsePhone(p, { defaultCountry: 'FR' }) : null));
    const count = (f: (p: (typeof parsed)[number]) => boolean) => parsed.filter(f).length;
    expect(count((p) => p === null)).toBeGreaterThan(5);
    expect(count((p) => p !== null && !p.ok)).toBeGreaterThan(5);
    expect(count((p) => p?.ok === true && !p.value.smsCapable)).toBeGreaterThan(5);
    expect(count((p) => p?.ok === true && p.value.zone === 'fr_overseas')).toBeGreaterThan(5);
    expect(
      count((p) => p?.ok === true && p.value.country !== 'FR' && p.value.zone !== 'fr_overseas'),
    ).toBeGreaterThan(5);
    expect(
      count((p) => p?.ok === true && p.value.country === 'FR' && p.value.smsCapable),
    ).toBeGreaterThan(150);
    // Several ways of writing the same kind of number.
    const raw = phones.filter((p): p is string => p !== null);
    expect(raw.some((p) => /^0[67] \d\d \d\d \d\d \d\d$/.test(p))).toBe(true);
    expect(raw.some((p) => /^0[67]\d{8}$/.test(p))).toBe(true);
    expect(raw.some((p) => /^\+33 [67] /.test(p))).toBe(true);
  });

  it('mixes preferences and consents', () => {
    const prefs = docsIn('customer_profiles').map(
      (p) => p.data.notificationPreferences as Record<string, boolean>,
    );
    for (const key of ['emailEnabled', 'smsEnabled', 'whatsappEnabled', 'pushEnabled']) {
      expect(prefs.some((p) => p[key])).toBe(true);
      expect(prefs.some((p) => !p[key])).toBe(true);
    }
    const walkIns = docsIn('clients').filter((c) => !c.data.customerId);
    const withConsent = walkIns.filter(
      (c) => (c.data.consent as { sms?: unknown } | undefined)?.sms,
    );
    expect(withConsent.length).toBeGreaterThan(50);
    expect(withConsent.length).toBeLessThan(150);
    expect(docsIn('consent_log').length).toBeGreaterThan(60);
  });

  it('has past notifications with costs and failures, conversations and suppressions', () => {
    const history = docsIn('notification_history');
    expect(history.length).toBe(shop.counts.history);
    const statuses = new Set(history.map((h) => h.data.status));
    for (const s of ['delivered', 'undelivered', 'skipped']) expect(statuses.has(s)).toBe(true);
    const costs = history.map((h) => (h.data.metadata as { cost: number | null }).cost);
    expect(costs.some((c) => c !== null && c > 0)).toBe(true);
    expect(docsIn('conversations').length).toBe(shop.counts.conversations);
    expect(shop.docs.some((d) => /^conversations\/[^/]+\/messages\//.test(d.path))).toBe(true);
    expect(docsIn('suppressions').length).toBe(shop.counts.suppressions);
    const settings = shop.docs.find((d) => d.path === 'settings/notifications');
    expect(settings?.data.twilio).toEqual({
      smsFrom: 'OMEGA',
      whatsappFrom: 'whatsapp:+14155238886',
    });
  });
});

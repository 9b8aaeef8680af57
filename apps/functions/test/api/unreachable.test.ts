import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import type { Worklist } from '../../src/api/services/unreachable.ts';
import { seedRegistered, seedWalkIn, ticket } from '../support/fixtures.ts';
import { type ApiHarness, useApiHarness } from './support/api-harness.ts';

// The "who can't we reach?" worklist against the embedded Firestore: who is on it and why, in
// which order, across pages, what each page reads, and customers leaving it once the counter
// action is done.

let h: ApiHarness;
const at = (day: string) => Timestamp.fromDate(new Date(`${day}T09:00:00Z`));
const keyword = (channel: string, granted: boolean) => ({
  channel,
  granted,
  at: at('2026-01-02'),
  source: 'keyword',
  actor: 'customer',
  wordingVersion: 'keyword',
});

useApiHarness({
  started: (started) => {
    h = started;
  },
  each: async () => {
    const db = h.db;
    // Reachable by the service SMS, ticket open: not on the list.
    await seedWalkIn(db, 'c1', { name: 'Ana Reachable', phone: '06 12 34 56 78' });
    await db.doc('tickets/t1').set(ticket({ clientId: 'c1', createdAt: at('2026-01-01') }));
    // Nothing on file, ticket open.
    await seedWalkIn(db, 'c2', { name: 'Bruno Sansnumero', phone: null });
    await db.doc('tickets/t2').set(ticket({ clientId: 'c2', createdAt: at('2026-01-10') }));
    // A landline, two open tickets: listed once, at the oldest.
    await seedWalkIn(db, 'c3', { name: 'Chloé Fixe', phone: '01 42 68 53 00' });
    await db
      .doc('tickets/t3b')
      .set(ticket({ clientId: 'c3', status: 'in_repair', createdAt: at('2026-01-20') }));
    await db
      .doc('tickets/t3a')
      .set(ticket({ clientId: 'c3', status: 'completed', createdAt: at('2026-01-05') }));
    // Nothing on file, but the repair was picked up: not listed.
    await seedWalkIn(db, 'c4', { name: 'Denis Parti', phone: null });
    await db
      .doc('tickets/t4')
      .set(ticket({ clientId: 'c4', status: 'picked_up', createdAt: at('2026-01-03') }));
    // STOP by SMS, held by Twilio; no ticket.
    await seedWalkIn(db, 'c5', {
      name: 'Emma Stop',
      phone: '06 55 44 33 22',
      consent: { sms: keyword('sms', false) },
    });
    await db.doc('suppressions/+33655443322').set({
      e164: '+33655443322',
      scope: 'sms',
      reason: 'opt_out_keyword',
      providerHeld: ['sms'],
      clientId: 'c5',
      customerId: null,
      code: null,
      source: 'keyword',
      createdAt: at('2026-01-02'),
      updatedAt: at('2026-01-02'),
    });
    // Registered, withdrew email, SMS never ticked: nothing reaches them; ticket open.
    await seedRegistered(
      db,
      { clientId: 'c6', customerId: 'p1' },
      {
        firstName: 'Zoé',
        lastName: 'Durand',
        notificationPreferences: {
          emailEnabled: true,
          smsEnabled: false,
          whatsappEnabled: false,
          pushEnabled: true,
        },
        consent: {
          email: {
            channel: 'email',
            granted: false,
            at: at('2026-01-02'),
            source: 'web',
            actor: 'customer',
            wordingVersion: 'v1',
          },
        },
      },
    );
    await db
      .doc('tickets/t6')
      .set(ticket({ clientId: 'c6', customerId: 'p1', createdAt: at('2026-01-15') }));
    // A number Twilio marked invalid; no ticket.
    await seedWalkIn(db, 'c7', {
      name: 'Gaspard Marque',
      phone: '06 11 22 33 44',
      phoneStatus: {
        e164: '+33611223344',
        status: 'invalid',
        code: 21211,
        channel: 'sms',
        at: at('2026-01-04'),
        notificationId: null,
      },
    });
    await db.doc('stats_coverage/current').set({ customers_total: 7, reachable_any: 3 });
  },
});

const page = async (query = '') =>
  (await h.json<Worklist>('GET', `/api/staff/customers/unreachable${query}`)).body;

const row = (item: Worklist['items'][number]) =>
  [
    `${item.customer.kind}:${item.customer.id}`,
    item.ticket?.id ?? '-',
    item.reasons.map((r) => `${r.code}/${r.action}`).join(','),
  ].join(' ');

describe('GET /api/staff/customers/unreachable', () => {
  it('lists open tickets first (oldest first), then the others, with each reason and its counter action', async () => {
    const body = await page();
    expect(body.items.map(row)).toEqual([
      'client:c3 t3a no_channel/ask_mobile,landline/ask_mobile',
      'client:c2 t2 no_channel/ask_mobile,no_phone/ask_mobile',
      'profile:p1 t6 no_channel/ask_consent,consent_withdrawn/ask_consent',
      'client:c5 - no_channel/ask_consent,provider_held/ask_start',
      'client:c7 - no_channel/ask_mobile,phone_marked/check_number',
    ]);
    expect(body.items[0]).toMatchObject({
      customer: { name: 'Chloé Fixe', phone: '01 42 68 53 00', registered: false },
      openTickets: 2,
      ticket: { id: 't3a', status: 'completed', createdAt: '2026-01-05T09:00:00.000Z' },
      reachable: [],
    });
    expect(body.items[3]?.reasons[1]).toEqual({
      code: 'provider_held',
      channels: ['sms'],
      action: 'ask_start',
    });
    expect(body.items[4]?.reasons[1]).toMatchObject({ markStatus: 'invalid' });
    expect(body.coverage).toEqual({ customersTotal: 7, reachableAny: 3, unreachable: 4 });
    expect(body.nextCursor).toBeNull();
  });

  it('pages through the same list one customer at a time, each once, with bounded reads', async () => {
    const all = await page('?limit=20');
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const body: Worklist = await page(
        `?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(body.items.length).toBeLessThanOrEqual(1);
      // The API README's bound: ≤ 5 reads per source document read, ≤ 10 per row, + 4.
      expect(body.documentsRead).toBeLessThanOrEqual(5 * body.scanned + 10 * body.items.length + 4);
      if (pages > 0) expect(body.coverage).toBeNull();
      seen.push(...body.items.map(row));

      cursor = body.nextCursor;
      pages++;
      expect(pages).toBeLessThan(30);
    }
    expect(seen).toEqual(all.items.map(row));
  });

  it('drops a customer once the counter action is done: consent ticked, a mobile entered', async () => {
    const consent = await h.json('POST', '/api/staff/customers/profile/p1/consent', {
      body: {
        changes: [{ channel: 'sms', granted: true }],
        source: 'counter',
        wordingVersion: 'counter-sms-2026-01',
      },
    });
    expect(consent.status).toBe(200);
    await h.db.doc('clients/c2').update({ phone: '07 81 22 33 44' });
    const ids = (await page()).items.map((i) => i.customer.id);
    expect(ids).toEqual(['c3', 'c5', 'c7']);
  });

  it('keeps a Twilio-held STOP on the list: a grant by staff is refused, only START lifts it', async () => {
    const refused = await h.json<{ error: { code: string } }>(
      'POST',
      '/api/staff/customers/client/c5/consent',
      {
        body: {
          changes: [{ channel: 'sms', granted: true }],
          source: 'counter',
          wordingVersion: 'counter-sms-2026-01',
        },
      },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('provider_opt_out');
    const c5 = (await page()).items.find((i) => i.customer.id === 'c5');
    // WhatsApp may still be asked for (an SMS STOP does not hold it); SMS needs their START.
    expect(c5?.reasons.map((r) => `${r.code}/${r.action}`)).toEqual([
      'no_channel/ask_consent',
      'provider_held/ask_start',
    ]);
  });

  it.each([
    ['an unreadable cursor', '?cursor=not-a-cursor', 'invalid_cursor'],
    [
      'a cursor of another shape',
      `?cursor=${Buffer.from('{"p":"x"}').toString('base64url')}`,
      'invalid_cursor',
    ],
    ['a limit of 0', '?limit=0', 'invalid_request'],
    ['a limit over 50', '?limit=51', 'invalid_request'],
  ])('refuses %s with a 400', async (_label, query, code) => {
    const res = await h.json<{ error: { code: string; message: string } }>(
      'GET',
      `/api/staff/customers/unreachable${query}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message.length).toBeGreaterThan(10);
  });
});

import { ACTION_REFUSAL_TEXT } from '@omega/core';
import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { applyCustomerAction } from '../../src/actions/apply.ts';
import type { ActionLogItem, StaffTodoItem, TicketSummary } from '../../src/api/types.ts';
import { seedRegistered, seedWalkIn, ticket } from '../support/fixtures.ts';
import { type ApiHarness, TOKENS, useApiHarness } from './support/api-harness.ts';

// The staff side of customers' actions against the embedded Firestore: a ticket's action log
// (the shop's proof), the decision fields on the ticket, "À traiter" (callbacks first) and
// marking a task handled. The log documents are seeded in the writer's documented shape
// (`ticket_actions/{actionId}`, docs/data-model.md), as `src/actions/apply.ts` writes them.

let h: ApiHarness;
const at = (iso: string) => Timestamp.fromDate(new Date(iso));

/** A `ticket_actions` document as the writer stores it. */
function actionDoc(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    ticketId: 't1',
    action: 'quote_accept',
    outcome: 'applied',
    reason: null,
    reasonText: null,
    channel: 'whatsapp',
    via: 'whatsapp_button',
    messageSid: 'SM00000000000000000000000000000001',
    linkId: null,
    nonce: null,
    ipHash: null,
    shown: {
      text: 'Devis : remplacement écran, 249,00 €. Répondez OUI pour accepter.',
      amountEur: 249,
      notificationId: 'n-quote-1',
    },
    customerId: null,
    clientId: 'c1',
    ticketClientId: 'c1',
    at: at('2026-03-02T08:00:00Z'),
    staffTodo: false,
    staffPriority: 2,
    handledAt: null,
    handledBy: null,
    ...overrides,
  };
}

useApiHarness({
  started: (started) => {
    h = started;
  },
  each: async () => {
    const db = h.db;
    await seedWalkIn(db, 'c1', { name: 'Ana Devis', phone: '06 12 34 56 78' });
    await db.doc('tickets/t1').set(
      ticket({
        clientId: 'c1',
        device: 'iPhone 13',
        status: 'quote_pending',
        trackingCode: 'OM-2603-0001',
        amountDueEur: 249,
        quoteDecision: 'accepted',
        quoteDecidedAt: at('2026-03-02T08:00:00Z'),
        quoteDecisionActionId: 'sid_SM00000000000000000000000000000001',
        quoteDecisionAmountEur: 249,
        callbackRequestedAt: at('2026-03-02T08:30:00Z'),
        lastCustomerAction: {
          action: 'call_me',
          at: at('2026-03-02T08:30:00Z'),
          actionId: 'sid_SM00000000000000000000000000000003',
        },
        createdAt: at('2026-03-01T10:00:00Z'),
        updatedAt: at('2026-03-02T08:30:00Z'),
      }),
    );
    await db.doc('conversations/+33612345678').set({
      channel: 'whatsapp',
      clientId: 'c1',
      customerId: null,
      lastInboundAt: at('2026-03-02T08:30:00Z'),
      unread: 1,
    });
    await seedRegistered(db, { clientId: 'c2', customerId: 'p2' });
    await db.doc('tickets/t2').set(
      ticket({
        clientId: 'c2',
        customerId: 'p2',
        device: 'Galaxy S21',
        status: 'completed',
        trackingCode: 'OM-2603-0002',
        pickupPlannedFor: '2026-03-03',
        pickupPlannedAt: at('2026-03-02T07:00:00Z'),
        createdAt: at('2026-03-01T11:00:00Z'),
      }),
    );
    const log = db.collection('ticket_actions');
    // t1: the quote accepted on WhatsApp, then a second tap refused, then "Appelez-moi".
    await log.doc('sid_SM00000000000000000000000000000001').set(actionDoc({}));
    await log.doc('sid_SM00000000000000000000000000000002').set(
      actionDoc({
        action: 'quote_decline',
        outcome: 'refused',
        reason: 'quote_already_decided',
        reasonText: 'texte du jour du refus',
        messageSid: 'SM00000000000000000000000000000002',
        at: at('2026-03-02T08:10:00Z'),
        staffPriority: 0,
      }),
    );
    await log.doc('sid_SM00000000000000000000000000000003').set(
      actionDoc({
        action: 'call_me',
        messageSid: 'SM00000000000000000000000000000003',
        at: at('2026-03-02T08:30:00Z'),
        staffTodo: true,
        staffPriority: 0,
      }),
    );
    // t2 (a registered customer, no conversation): asked for another slot from the web page
    // (older), and a callback handled yesterday.
    await log.doc('web_L2abc_n0nce0001').set(
      actionDoc({
        ticketId: 't2',
        action: 'another_slot',
        channel: 'web',
        via: 'web',
        messageSid: null,
        linkId: 'L2abc',
        nonce: 'n0nce0001',
        ipHash: 'h-ip',
        shown: { text: 'Votre rendez-vous : mardi 10 h.', amountEur: null, notificationId: null },
        customerId: 'p2',
        clientId: 'c2',
        ticketClientId: 'c2',
        at: at('2026-03-02T07:00:00Z'),
        staffTodo: true,
        staffPriority: 1,
      }),
    );
    await log.doc('sid_SM00000000000000000000000000000004').set(
      actionDoc({
        ticketId: 't2',
        action: 'call_me',
        messageSid: 'SM00000000000000000000000000000004',
        customerId: 'p2',
        clientId: 'c2',
        ticketClientId: 'c2',
        at: at('2026-03-01T07:00:00Z'),
        staffTodo: false,
        staffPriority: 0,
        handledAt: at('2026-03-01T09:00:00Z'),
        handledBy: 'staff-2',
      }),
    );
    // t1 again: a declined quote on SMS keyword (priority 1), the oldest open task.
    await log.doc('sid_SM00000000000000000000000000000005').set(
      actionDoc({
        action: 'quote_decline',
        channel: 'sms',
        via: 'message',
        messageSid: 'SM00000000000000000000000000000005',
        at: at('2026-03-01T18:00:00Z'),
        staffTodo: true,
        staffPriority: 1,
      }),
    );
  },
});

const todo = async () =>
  (await h.json<{ items: StaffTodoItem[] }>('GET', '/api/staff/actions/todo')).body.items;

describe('GET /api/staff/tickets/:id/actions', () => {
  it("lists the ticket's actions newest first with their proof, and the ticket's decision", async () => {
    const { status, body } = await h.json<{
      ticket: Record<string, unknown>;
      items: ActionLogItem[];
    }>('GET', '/api/staff/tickets/t1/actions');
    expect(status).toBe(200);
    expect(body.items.map((i) => `${i.at} ${i.action} ${i.outcome}`)).toEqual([
      '2026-03-02T08:30:00.000Z call_me applied',
      '2026-03-02T08:10:00.000Z quote_decline refused',
      '2026-03-02T08:00:00.000Z quote_accept applied',
      '2026-03-01T18:00:00.000Z quote_decline applied',
    ]);
    const accepted = body.items[2];
    expect(accepted).toMatchObject({
      id: 'sid_SM00000000000000000000000000000001',
      channel: 'whatsapp',
      via: 'whatsapp_button',
      messageSid: 'SM00000000000000000000000000000001',
      linkId: null,
      reason: null,
      reasonText: null,
      shown: {
        text: 'Devis : remplacement écran, 249,00 €. Répondez OUI pour accepter.',
        amountEur: 249,
        notificationId: 'n-quote-1',
      },
    });
    // The refusal in today's staff wording (core's table), not the stored copy.
    expect(body.items[1]?.reason).toBe('quote_already_decided');
    expect(body.items[1]?.reasonText).toBe(ACTION_REFUSAL_TEXT.quote_already_decided);
    // The keyed IP hash and the form nonce stay in Firestore.
    expect(JSON.stringify(body)).not.toContain('ipHash');
    expect(body.ticket).toEqual({
      id: 't1',
      quoteDecision: 'accepted',
      quoteDecidedAt: '2026-03-02T08:00:00.000Z',
      quoteDecisionAmountEur: 249,
      quoteDecisionActionId: 'sid_SM00000000000000000000000000000001',
      pickupPlannedFor: null,
      callbackRequestedAt: '2026-03-02T08:30:00.000Z',
      appointmentConfirmedAt: null,
      appointmentChangeRequestedAt: null,
      lastCustomerActionAt: '2026-03-02T08:30:00.000Z',
    });
  });

  it("shows a web action's link, and only that ticket's entries", async () => {
    const { body } = await h.json<{ items: ActionLogItem[] }>(
      'GET',
      '/api/staff/tickets/t2/actions',
    );
    expect(body.items.map((i) => [i.id, i.channel, i.linkId, i.messageSid])).toEqual([
      ['web_L2abc_n0nce0001', 'web', 'L2abc', null],
      [
        'sid_SM00000000000000000000000000000004',
        'whatsapp',
        null,
        'SM00000000000000000000000000000004',
      ],
    ]);
    expect(body.items[1]).toMatchObject({ handledBy: 'staff-2', staffTodo: false });
  });

  it('answers a ticket without actions with an empty log, an unknown ticket 404, a bad id 400', async () => {
    await h.db.doc('tickets/t3').set(ticket({ clientId: 'c1' }));
    const empty = await h.json<{ items: unknown[]; ticket: { quoteDecision: unknown } }>(
      'GET',
      '/api/staff/tickets/t3/actions',
    );
    expect([empty.status, empty.body.items, empty.body.ticket.quoteDecision]).toEqual([
      200,
      [],
      null,
    ]);
    const missing = await h.json<{ error: { code: string } }>(
      'GET',
      '/api/staff/tickets/nope/actions',
    );
    expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);
    const bad = await h.json<{ error: { code: string } }>(
      'GET',
      `/api/staff/tickets/${'x'.repeat(201)}/actions`,
    );
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_request']);
  });
});

describe('the decision fields on the ticket payloads', () => {
  it('the timeline and the customer page carry them', async () => {
    const timeline = await h.json<{ ticket: Record<string, unknown> }>(
      'GET',
      '/api/staff/tickets/t1/timeline',
    );
    expect(timeline.body.ticket).toMatchObject({
      id: 't1',
      quoteDecision: 'accepted',
      quoteDecidedAt: '2026-03-02T08:00:00.000Z',
      quoteDecisionAmountEur: 249,
      callbackRequestedAt: '2026-03-02T08:30:00.000Z',
      pickupPlannedFor: null,
    });
    const customer = await h.json<{ tickets: TicketSummary[] }>(
      'GET',
      '/api/staff/customers/profile/p2',
    );
    expect(customer.body.tickets).toEqual([
      expect.objectContaining({ id: 't2', pickupPlannedFor: '2026-03-03', quoteDecision: null }),
    ]);
  });

  it('reads an unreadable decision as none (never guessed)', async () => {
    await h.db.doc('tickets/t1').update({ quoteDecision: 'maybe', pickupPlannedFor: 'demain' });
    const { body } = await h.json<{ ticket: Record<string, unknown> }>(
      'GET',
      '/api/staff/tickets/t1/actions',
    );
    expect([body.ticket.quoteDecision, body.ticket.pickupPlannedFor]).toEqual([null, null]);
  });
});

describe('GET /api/staff/actions/todo ("À traiter")', () => {
  it('lists open tasks only, callbacks first, then oldest first, with customer, ticket and conversation', async () => {
    const items = await todo();
    expect(items.map((i) => `${i.staffPriority} ${i.action} ${i.at}`)).toEqual([
      '0 call_me 2026-03-02T08:30:00.000Z',
      '1 quote_decline 2026-03-01T18:00:00.000Z',
      '1 another_slot 2026-03-02T07:00:00.000Z',
    ]);
    expect(items[0]).toMatchObject({
      id: 'sid_SM00000000000000000000000000000003',
      customer: { kind: 'client', id: 'c1', name: 'Ana Devis' },
      ticket: {
        id: 't1',
        device: 'iPhone 13',
        trackingCode: 'OM-2603-0001',
        status: 'quote_pending',
      },
      conversation: '+33612345678',
    });
    // A registered customer is named from their profile; no conversation: none.
    expect(items[2]).toMatchObject({
      customer: { kind: 'profile', id: 'p2', name: 'Zoé Durand' },
      ticket: { id: 't2', device: 'Galaxy S21', trackingCode: 'OM-2603-0002' },
      conversation: null,
    });
  });

  it('keeps a task whose ticket is gone (no ticket shown), and is empty when nothing is open', async () => {
    await h.db.doc('tickets/t2').delete();
    const items = await todo();
    expect(items.find((i) => i.action === 'another_slot')?.ticket).toBeNull();
    for (const id of [
      'sid_SM00000000000000000000000000000003',
      'sid_SM00000000000000000000000000000005',
      'web_L2abc_n0nce0001',
    ])
      await h.db.doc(`ticket_actions/${id}`).update({ staffTodo: false });
    expect(await todo()).toEqual([]);
  });
});

describe('GET /api/staff/actions/todo beyond its page', () => {
  it('shows the first 100 open tasks and says there are more', async () => {
    const { body: few } = await h.json<{ more: boolean }>('GET', '/api/staff/actions/todo');
    expect(few.more).toBe(false);
    const batch = h.db.batch();
    for (let i = 0; i < 100; i++)
      batch.set(
        h.db.doc(`ticket_actions/sid_SMbulk${String(i).padStart(3, '0')}`),
        actionDoc({
          action: 'another_slot',
          at: at(
            `2026-03-03T${String(8 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00Z`,
          ),
          staffTodo: true,
          staffPriority: 1,
        }),
      );
    await batch.commit();
    const { body } = await h.json<{ items: StaffTodoItem[]; more: boolean }>(
      'GET',
      '/api/staff/actions/todo',
    );
    expect([body.items.length, body.more]).toEqual([100, true]);
    // Callbacks first, then the oldest: the newest request of the lowest priority waits.
    expect(body.items[0]?.action).toBe('call_me');
    expect(body.items.map((i) => i.id)).not.toContain('sid_SMbulk099');
  });
});

describe('POST /api/staff/actions/:actionId/handled', () => {
  const path = '/api/staff/actions/sid_SM00000000000000000000000000000003/handled';

  it('marks the task handled by the staff member, without an Idempotency-Key; it leaves "À traiter"', async () => {
    const { status, body } = await h.json<{ item: ActionLogItem; alreadyHandled: boolean }>(
      'POST',
      path,
      { idempotencyKey: null },
    );
    expect(status).toBe(200);
    expect(body.alreadyHandled).toBe(false);
    expect(body.item).toMatchObject({
      handledAt: h.clock.now().toISOString(),
      handledBy: 'staff-1',
      staffTodo: false,
    });
    const stored = (
      await h.db.doc('ticket_actions/sid_SM00000000000000000000000000000003').get()
    ).data();
    expect(stored?.staffTodo).toBe(false);
    expect(stored?.handledBy).toBe('staff-1');
    expect((stored?.handledAt as Timestamp | undefined)?.toDate().toISOString()).toBe(
      h.clock.now().toISOString(),
    );
    // The proof is untouched.
    expect(stored?.messageSid).toBe('SM00000000000000000000000000000003');
    expect((await todo()).map((i) => i.action)).toEqual(['quote_decline', 'another_slot']);
  });

  it('is idempotent: again later, by someone else, it keeps the first handler and time', async () => {
    const first = await h.json<{ item: ActionLogItem }>('POST', path);
    h.clock.advance(3_600_000);
    const again = await h.json<{ item: ActionLogItem; alreadyHandled: boolean }>('POST', path, {
      token: TOKENS.admin,
    });
    expect(again.status).toBe(200);
    expect(again.body.alreadyHandled).toBe(true);
    expect(again.body.item.handledAt).toBe(first.body.item.handledAt);
    expect(again.body.item.handledBy).toBe('staff-1');
    const stored = (
      await h.db.doc('ticket_actions/sid_SM00000000000000000000000000000003').get()
    ).data();
    expect(stored?.handledBy).toBe('staff-1');
  });

  it('handles two concurrent clicks once', async () => {
    const [a, b] = await Promise.all([
      h.json<{ alreadyHandled: boolean }>('POST', path),
      h.json<{ alreadyHandled: boolean }>('POST', path, { token: TOKENS.admin }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.alreadyHandled, b.body.alreadyHandled].sort()).toEqual([false, true]);
  });

  it('refuses an entry that asks nothing of staff (409), an unknown id (404), a malformed id (400)', async () => {
    const notTask = await h.json<{ error: { code: string; message: string } }>(
      'POST',
      '/api/staff/actions/sid_SM00000000000000000000000000000001/handled',
    );
    expect([notTask.status, notTask.body.error.code]).toEqual([409, 'not_a_task']);
    const stored = await h.db.doc('ticket_actions/sid_SM00000000000000000000000000000001').get();
    expect(stored.get('handledAt')).toBeNull();
    const unknown = await h.json<{ error: { code: string } }>(
      'POST',
      '/api/staff/actions/sid_SMunknown/handled',
    );
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'not_found']);
    for (const bad of ['nope', 'sid_', 'sid_a.b', `web_${'x'.repeat(191)}`]) {
      const res = await h.json<{ error: { code: string } }>(
        'POST',
        `/api/staff/actions/${encodeURIComponent(bad)}/handled`,
      );
      expect([bad, res.status, res.body.error.code]).toEqual([bad, 400, 'invalid_request']);
    }
  });
});

describe('authentication', () => {
  const routes = [
    ['GET', '/api/staff/tickets/t1/actions'],
    ['GET', '/api/staff/actions/todo'],
    ['POST', '/api/staff/actions/sid_SM00000000000000000000000000000003/handled'],
  ] as const;

  it.each(routes)('%s %s needs a staff token', async (method, path) => {
    const none = await h.json<{ error: { code: string } }>(method, path, { token: null });
    expect([none.status, none.body.error.code]).toEqual([401, 'missing_token']);
    const customer = await h.json<{ error: { code: string } }>(method, path, {
      token: TOKENS.customer,
    });
    expect([customer.status, customer.body.error.code]).toEqual([403, 'not_staff']);
    const stored = await h.db.doc('ticket_actions/sid_SM00000000000000000000000000000003').get();
    expect(stored.get('staffTodo')).toBe(true);
  });
});

describe("with the customer-action writer's own documents", () => {
  it('reads what applyCustomerAction records: the log, the decision, "À traiter" and handling', async () => {
    const db = h.db;
    await seedWalkIn(db, 'c9', { name: 'Hugo Refus', phone: '06 55 66 77 88' });
    await db.doc('tickets/t9').set(
      ticket({
        clientId: 'c9',
        device: 'iPad Air',
        status: 'quote_pending',
        trackingCode: 'OM-2603-0009',
        amountDueEur: 189,
      }),
    );
    const t0 = new Date('2026-03-02T10:00:00Z');
    const later = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    const shown = { text: 'Devis : batterie et écran, 189,00 €.', notificationId: null };
    const declined = await applyCustomerAction(db, {
      ticketId: 't9',
      action: 'quote_decline',
      proof: { via: 'web', linkId: 'Lnk9', nonce: 'nonce-t9-1', ipHash: 'iphash' },
      actor: { clientId: 'c9', customerId: null },
      shown,
      at: t0,
    });
    const other = await applyCustomerAction(db, {
      ticketId: 't9',
      action: 'quote_accept',
      proof: {
        via: 'whatsapp_button',
        channel: 'whatsapp',
        messageSid: 'SMother9',
        e164: '+33611111111',
      },
      actor: { clientId: 'c1', customerId: null },
      shown,
      at: later(5),
    });
    const callMe = await applyCustomerAction(db, {
      ticketId: 't9',
      action: 'call_me',
      proof: {
        via: 'whatsapp_button',
        channel: 'whatsapp',
        messageSid: 'SMcall9',
        e164: '+33655667788',
      },
      actor: { clientId: 'c9', customerId: null },
      shown: { text: 'Appelez-moi', notificationId: null },
      at: later(10),
    });
    expect([declined.outcome, other.outcome, callMe.outcome]).toEqual([
      'applied',
      'refused',
      'applied',
    ]);

    const log = await h.json<{ ticket: Record<string, unknown>; items: ActionLogItem[] }>(
      'GET',
      '/api/staff/tickets/t9/actions',
    );
    expect(log.body.items.map((i) => [i.id, i.outcome, i.channel, i.reasonText])).toEqual([
      ['sid_SMcall9', 'applied', 'whatsapp', null],
      ['sid_SMother9', 'refused', 'whatsapp', ACTION_REFUSAL_TEXT.other_customer],
      ['web_Lnk9_nonce-t9-1', 'applied', 'web', null],
    ]);
    expect(log.body.items[2]).toMatchObject({
      linkId: 'Lnk9',
      shown: { text: 'Devis : batterie et écran, 189,00 €.', amountEur: 189 },
    });
    expect(log.body.ticket).toMatchObject({
      quoteDecision: 'declined',
      quoteDecidedAt: t0.toISOString(),
      quoteDecisionAmountEur: 189,
      quoteDecisionActionId: 'web_Lnk9_nonce-t9-1',
      callbackRequestedAt: later(10).toISOString(),
    });

    const t9 = (await todo()).filter((i) => i.ticketId === 't9');
    expect(t9.map((i) => `${i.staffPriority} ${i.id}`)).toEqual([
      '0 sid_SMother9',
      '0 sid_SMcall9',
      '1 web_Lnk9_nonce-t9-1',
    ]);
    // The tap on another customer's ticket names who tapped (Ana, c1), not the ticket's owner.
    expect(t9[0]?.customer).toEqual({ kind: 'client', id: 'c1', name: 'Ana Devis' });
    expect(t9[1]).toMatchObject({
      customer: { kind: 'client', id: 'c9', name: 'Hugo Refus' },
      ticket: { id: 't9', device: 'iPad Air', trackingCode: 'OM-2603-0009' },
    });

    const handled = await h.json<{ alreadyHandled: boolean }>(
      'POST',
      '/api/staff/actions/sid_SMcall9/handled',
    );
    expect([handled.status, handled.body.alreadyHandled]).toEqual([200, false]);
    expect((await todo()).map((i) => i.id)).not.toContain('sid_SMcall9');
    // A declined quote stays on the list: staff decide what comes next.
    expect((await db.doc('ticket_actions/web_Lnk9_nonce-t9-1').get()).get('staffTodo')).toBe(true);
  });
});

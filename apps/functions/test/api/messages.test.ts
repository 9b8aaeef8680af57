import { whatsappContentTemplate } from '@omega/templates';
import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import type { HistoryItem } from '../../src/api/types.ts';
import { seedSettings, seedWalkIn, ticket } from '../support/fixtures.ts';
import { createTicket, updateTicket } from '../support/triggers.ts';
import { type ApiHarness, useApiHarness } from './support/api-harness.ts';

let h: ApiHarness;
useApiHarness({
  started: (started) => {
    h = started;
  },
  each: async () => {
    await seedWalkIn(h.db, 'c1', { name: 'Jean Martin', phone: '06 12 34 56 78' });
  },
});

type Page = { items: HistoryItem[]; nextCursor: string | null };

async function seedHistory(n: number) {
  const batch = h.db.batch();
  const base = Date.parse('2026-02-01T10:00:00Z');
  for (let i = 0; i < n; i++) {
    // Pairs share a timestamp so the cursor has ties to step over.
    const at = Timestamp.fromMillis(base + Math.floor(i / 2) * 3_600_000);
    batch.set(h.db.doc(`notification_history/n${String(i).padStart(3, '0')}`), {
      ticketId: i % 3 === 0 ? 'tA' : 'tB',
      clientId: 'c1',
      customerId: null,
      channel: i % 2 === 0 ? 'sms' : 'email',
      type: i % 2 === 0 ? 'sms' : 'email',
      kind: 'status_completed',
      status: i % 5 === 0 ? 'failed' : 'delivered',
      createdAt: at,
      timeline: [{ status: 'planned', at, source: 'pipeline' }],
      metadata: { cost: 0.07, segments: 1 },
    });
  }
  await batch.commit();
}

async function allPages(query: string, limit: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const path = `/api/staff/history?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res: { status: number; body: Page } = await h.json<Page>('GET', path);
    expect(res.status).toBe(200);
    ids.push(...res.body.items.map((i) => i.id));
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  return { ids, pages };
}

describe('notification history', () => {
  it('pages through everything newest first, once each, across equal timestamps', async () => {
    await seedHistory(45);
    const { ids, pages } = await allPages('', 7);
    expect(pages).toBe(7);
    expect(new Set(ids).size).toBe(45);
    expect(ids[0]).toBe('n044');
    expect(ids.at(-1)).toBe('n000');
  });

  it.each([
    ['channel', '&channel=sms', (i: number) => i % 2 === 0],
    ['status', '&status=failed', (i: number) => i % 5 === 0],
    ['ticket', '&ticketId=tA', (i: number) => i % 3 === 0],
    [
      'channel and status',
      '&channel=email&status=delivered',
      (i: number) => i % 2 === 1 && i % 5 !== 0,
    ],
    // 2026-02-01 in Paris ends at 23:00 UTC: hours 10:00 to 22:00 UTC.
    [
      'a date range (Paris days)',
      '&from=2026-02-01&to=2026-02-01',
      (i: number) => Math.floor(i / 2) < 13,
    ],
  ])('filters by %s', async (_label, query, keep) => {
    await seedHistory(45);
    const { ids } = await allPages(query, 10);
    const expected = Array.from({ length: 45 }, (_, i) => i)
      .filter(keep)
      .map((i) => `n${String(i).padStart(3, '0')}`)
      .reverse();
    expect(ids).toEqual(expected);
  });

  it.each([
    ['an unknown channel', 'channel=fax', 'channel'],
    ['a bad date', 'from=2026-13-01', 'from'],
    ['a range backwards', 'from=2026-03-02&to=2026-03-01', 'from'],
    ['a forged cursor', 'cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ['a page too large', 'limit=500', 'limit'],
  ])('rejects %s with a 400', async (_label, query, path) => {
    const res = await h.json<{ error: { issues: Array<{ path: string }> } }>(
      'GET',
      `/api/staff/history?${query}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i) => i.path)).toContain(path);
  });

  it('shows one message with its timeline and the provider’s events', async () => {
    await createTicket(h, 't1', ticket({ clientId: 'c1' }));
    await h.queue.drain();
    const list = await h.json<Page>('GET', '/api/staff/history?ticketId=t1');
    const id = list.body.items[0]?.id as string;
    await h.db
      .doc(`notification_history/${id}/status_events/SM1_delivered`)
      .set({ status: 'delivered', errorCode: null, at: new Date('2026-03-02T09:00:05Z') });
    const res = await h.json<{ item: HistoryItem; providerEvents: Array<{ status: string }> }>(
      'GET',
      `/api/staff/history/${id}`,
    );
    expect(res.body.item).toMatchObject({
      channel: 'sms',
      kind: 'walk_in_welcome',
      status: 'queued',
      segments: 1,
    });
    expect(res.body.item.timeline.map((t) => t.status)).toEqual(['planned', 'queued']);
    expect(res.body.providerEvents).toEqual([expect.objectContaining({ status: 'delivered' })]);
  });
});

describe('ticket timeline', () => {
  it('lists the ticket’s notifications and their events in time order, with why a channel was not used', async () => {
    await createTicket(h, 't1', ticket({ clientId: 'c1' }));
    h.clock.advance(60_000);
    await updateTicket(h, 't1', { status: 'diagnosing' });
    await h.queue.drain();
    const res = await h.json<{
      ticket: { status: string };
      notifications: HistoryItem[];
      events: Array<{ status: string; at: string }>;
    }>('GET', '/api/staff/tickets/t1/timeline');
    expect(res.status).toBe(200);
    expect(res.body.ticket.status).toBe('diagnosing');
    const [welcome, ...progress] = res.body.notifications;
    expect([welcome?.kind, welcome?.channel, welcome?.status]).toEqual([
      'walk_in_welcome',
      'sms',
      'queued',
    ]);
    // Progress updates need consent: a walk-in without any gets recorded reasons, not a message.
    expect(progress.map((n) => [n.kind, n.status])).toEqual(
      progress.map(() => ['status_diagnosing', 'skipped']),
    );
    expect(progress.find((n) => n.channel === 'sms')?.reasonText).toMatch(/accord|compte/);
    const times = res.body.events.map((e) => e.at);
    expect(times).toEqual([...times].sort());
  });

  it('answers 404 for an unknown ticket', async () => {
    expect((await h.call('GET', '/api/staff/tickets/nope/timeline')).status).toBe(404);
  });
});

describe('staff actions through the pipeline', () => {
  it('sends a payment reminder once per idempotency key (a retried click sends once)', async () => {
    await h.db
      .doc('tickets/t1')
      .set(ticket({ clientId: 'c1', status: 'completed', amountDueEur: 89.9 }));
    const once = { body: {}, idempotencyKey: 'req-0001-abcd' };
    const first = await h.json<{
      sent: boolean;
      channels: Array<{ channel: string; action: string }>;
    }>('POST', '/api/staff/tickets/t1/payment-reminder', once);
    const second = await h.json<{ redelivered: boolean }>(
      'POST',
      '/api/staff/tickets/t1/payment-reminder',
      once,
    );
    await h.queue.drain();
    expect(first.status).toBe(200);
    expect(first.body.sent).toBe(true);
    expect(second.body.redelivered).toBe(true);
    const sent = h.sandbox.messages().filter((m) => m.direction === 'outbound-api');
    expect(sent).toHaveLength(1);
    expect(String(sent[0]?.body)).toContain('89,90');
    const history = await h.json<Page>('GET', '/api/staff/history?ticketId=t1');
    expect(history.body.items.map((i) => [i.kind, i.priority])).toEqual([
      ['payment_reminder', 'critical'],
    ]);
  });

  it('refuses a payment reminder without an amount due', async () => {
    await h.db.doc('tickets/t1').set(ticket({ clientId: 'c1' }));
    const res = await h.json<{ error: { code: string } }>(
      'POST',
      '/api/staff/tickets/t1/payment-reminder',
      { body: {} },
    );
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('no_amount_due');
  });

  it('plans an urgent message as critical, even outside business hours', async () => {
    h.clock.set('2026-03-01T21:00:00Z'); // a Sunday night in Paris
    await h.db.doc('tickets/t1').set(ticket({ clientId: 'c1' }));
    const res = await h.json<{ channels: Array<{ channel: string; action: string }> }>(
      'POST',
      '/api/staff/tickets/t1/urgent',
      {
        body: { message: 'Votre appareil est prêt plus tôt que prévu.' },
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.channels.find((c) => c.channel === 'sms')?.action).toBe('send');
    const history = await h.json<Page>('GET', '/api/staff/history?ticketId=t1');
    expect(history.body.items.map((i) => [i.kind, i.priority])).toEqual([
      ['staff_urgent', 'critical'],
    ]);
    // The staff member's words reach the customer, sent by the send task like any notification.
    await h.queue.drain();
    const sent = h.sandbox.messages().filter((m) => m.direction === 'outbound-api');
    expect(sent).toHaveLength(1);
    // GSM-7 by design: ê and ô are transliterated, é is in the GSM alphabet.
    expect(String(sent[0]?.body)).toContain('Votre appareil est pret plus tot que prévu.');
    const after = await h.json<Page>('GET', '/api/staff/history?ticketId=t1');
    expect(after.body.items[0]?.status).not.toBe('error');
    expect(after.body.items[0]?.errorCode ?? null).toBeNull();
  });

  it.each([
    ['an empty message', { message: '   ' }],
    ['a message over 1,000 characters', { message: 'x'.repeat(1001) }],
  ])('rejects %s', async (_label, body) => {
    await h.db.doc('tickets/t1').set(ticket({ clientId: 'c1' }));
    expect((await h.call('POST', '/api/staff/tickets/t1/urgent', { body })).status).toBe(400);
  });
});

describe('conversations', () => {
  const now = () => h.clock.now();
  async function seedConversation(e164: string, data: Record<string, unknown>) {
    await h.db.doc(`conversations/${e164}`).set({
      e164,
      channel: 'whatsapp',
      customerId: null,
      clientId: null,
      unread: 0,
      escalatedAt: null,
      ...data,
    });
  }

  it('lists escalated conversations first, then unread, then the most recent', async () => {
    const t = (minutesAgo: number) => Timestamp.fromMillis(now().getTime() - minutesAgo * 60_000);
    await seedConversation('+33600000001', { lastInboundAt: t(1) });
    await seedConversation('+33600000002', { lastInboundAt: t(30), unread: 2 });
    await seedConversation('+33600000003', {
      lastInboundAt: t(60),
      escalatedAt: t(59),
      unread: 1,
      clientId: 'c1',
    });
    const res = await h.json<{
      items: Array<{ e164: string; name: string | null; windowOpen: boolean }>;
    }>('GET', '/api/staff/conversations');
    expect(res.body.items.map((i) => i.e164)).toEqual([
      '+33600000003',
      '+33600000002',
      '+33600000001',
    ]);
    expect(res.body.items[0]).toMatchObject({ name: 'Jean Martin', windowOpen: true });
    const escalated = await h.json<{ items: unknown[] }>(
      'GET',
      '/api/staff/conversations?filter=escalated',
    );
    expect(escalated.body.items).toHaveLength(1);
  });

  it('replies with free text inside the WhatsApp window and records it in the thread', async () => {
    await seedConversation('+33612345678', {
      lastInboundAt: Timestamp.fromDate(new Date(now().getTime() - 3_600_000)),
      escalatedAt: Timestamp.fromDate(now()),
      unread: 1,
      clientId: 'c1',
    });
    const res = await h.json<{ mode: string; notificationId: string }>(
      'POST',
      '/api/staff/conversations/+33612345678/reply',
      {
        body: { mode: 'free_text', body: 'Bonjour, oui votre téléphone est prêt.' },
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.mode).toBe('free_text');
    const sent = h.sandbox.messages().filter((m) => m.direction === 'outbound-api');
    expect(sent.map((m) => [m.to, m.body])).toEqual([
      ['whatsapp:+33612345678', 'Bonjour, oui votre téléphone est prêt.'],
    ]);
    const thread = await h.json<{
      messages: Array<{ direction: string; body: string; actor: string | null }>;
      conversation: { escalatedAt: string | null; unread: number };
    }>('GET', '/api/staff/conversations/+33612345678');
    expect(thread.body.messages).toEqual([
      expect.objectContaining({ direction: 'outbound', actor: 'staff-1' }),
    ]);
    expect(thread.body.conversation).toMatchObject({ escalatedAt: null, unread: 0 });
    const item = await h.json<{ item: HistoryItem }>(
      'GET',
      `/api/staff/history/${res.body.notificationId}`,
    );
    expect(item.body.item).toMatchObject({
      origin: 'reply',
      channel: 'whatsapp',
      status: 'queued',
    });
  });

  it('refuses free text once the window has closed and sends an approved template instead', async () => {
    await seedConversation('+33612345678', {
      lastInboundAt: Timestamp.fromDate(new Date(now().getTime() - 25 * 3_600_000)),
    });
    const free = await h.json<{ error: { code: string } }>(
      'POST',
      '/api/staff/conversations/+33612345678/reply',
      { body: { mode: 'free_text', body: 'Bonjour' } },
    );
    expect(free.status).toBe(409);
    expect(free.body.error.code).toBe('window_closed');
    const unapproved = await h.json<{ error: { code: string } }>(
      'POST',
      '/api/staff/conversations/+33612345678/reply',
      { body: { mode: 'template', kind: 'reply_hours' } },
    );
    expect(unapproved.body.error.code).toBe('template_not_approved');

    const created = await fetch(`${h.sandbox.url}/v1/Content`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${h.sandbox.accountSid}:${h.sandbox.authToken}`).toString('base64')}`,
      },
      body: JSON.stringify(whatsappContentTemplate('reply_hours', 'fr').contentApiRequest),
    });
    const contentSid = ((await created.json()) as { sid: string }).sid;
    await seedSettings(h.db, {
      whatsappTemplates: { omega_reply_hours_fr_v1: { contentSid, approval: 'approved' } },
    });
    const thread = await h.json<{
      window: { open: boolean };
      templates: Array<{ kind: string; usable: boolean }>;
    }>('GET', '/api/staff/conversations/+33612345678');
    expect(thread.body.window.open).toBe(false);
    expect(thread.body.templates.filter((t) => t.usable).map((t) => t.kind)).toEqual([
      'reply_hours',
    ]);
    const ok = await h.json<{ mode: string }>(
      'POST',
      '/api/staff/conversations/+33612345678/reply',
      { body: { mode: 'template', kind: 'reply_hours' } },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.mode).toBe('template');
    const sent = h.sandbox.messages().filter((m) => m.direction === 'outbound-api');
    expect(sent[0]?.contentSid ?? sent[0]?.content_sid).toBe(contentSid);
  });

  it('marks read and resolved', async () => {
    await seedConversation('+33612345678', {
      lastInboundAt: Timestamp.fromDate(now()),
      unread: 3,
      escalatedAt: Timestamp.fromDate(now()),
    });
    await h.call('POST', '/api/staff/conversations/+33612345678/read');
    expect((await h.db.doc('conversations/+33612345678').get()).get('unread')).toBe(0);
    await h.call('POST', '/api/staff/conversations/+33612345678/resolve');
    expect((await h.db.doc('conversations/+33612345678').get()).get('escalatedAt')).toBeNull();
  });

  it.each([
    ['a number that is not E.164', 'GET', '/api/staff/conversations/0612345678', 400],
    ['an unknown conversation', 'GET', '/api/staff/conversations/+33699999999', 404],
  ])('answers %s', async (_label, method, path, status) => {
    expect((await h.call(method, path)).status).toBe(status);
  });
});

import type { ForwardedEvent } from '@omega/forwarding';
import { Timestamp } from 'firebase-admin/firestore';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestEvent } from '../../src/ingest/handle-request.ts';
import { seedWalkIn, ticket } from '../support/fixtures.ts';
import { type ApiHarness, type CallOptions, TOKENS, useApiHarness } from './support/api-harness.ts';

// Every staff route that sends carries an `Idempotency-Key` (the dashboard makes one per click):
// the same key again sends nothing new and answers what the first request recorded; the same
// key with another body is refused; concurrent requests with one key send once.

let h: ApiHarness;
useApiHarness({
  started: (started) => {
    h = started;
  },
  each: async () => {
    await seedWalkIn(h.db, 'c1', { name: 'Jean Martin', phone: '06 12 34 56 78' });
  },
});
afterEach(() => {
  h.deps.faults = undefined;
});

const E164 = '+33612345678';
const REPLY = `/api/staff/conversations/${E164}/reply`;
const KEY = '3f1c2b9e-7a4d-4e0b-9c51-0d2f6a8b1e77';
const TEXT = { mode: 'free_text', body: 'Bonjour, votre téléphone est prêt.' } as const;

type Answer = {
  notificationId?: string;
  providerId?: string;
  status?: string;
  mode?: string;
  ok?: boolean;
  code?: string;
  redelivered?: boolean;
  error?: { code: string; message: string };
};

const outbound = () => h.sandbox.messages().filter((m) => m.direction === 'outbound-api');
const post = (path: string, options: CallOptions) => h.json<Answer>('POST', path, options);
const reply = (body: unknown, idempotencyKey: string | null, token?: string) =>
  post(REPLY, { body, idempotencyKey, ...(token ? { token } : {}) });

async function historyDocs(origin: string) {
  const snap = await h.db.collection('notification_history').where('origin', '==', origin).get();
  return snap.docs;
}

async function thread() {
  const snap = await h.db.collection(`conversations/${E164}/messages`).get();
  return snap.docs.map((d) => d.data());
}

async function seedConversation(channel: 'sms' | 'whatsapp', inboundAgoMs = 600_000) {
  await h.db.doc(`conversations/${E164}`).set({
    e164: E164,
    channel,
    customerId: null,
    clientId: 'c1',
    unread: 1,
    escalatedAt: null,
    lastInboundAt: Timestamp.fromMillis(h.clock.now().getTime() - inboundAgoMs),
  });
}

describe('a conversation reply with an idempotency key', () => {
  it('sent twice with the same key: one message, one history document, the same answer', async () => {
    await seedConversation('sms');
    const first = await reply(TEXT, KEY);
    const again = await reply(TEXT, KEY);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'queued', mode: 'free_text' });
    expect(again).toEqual(first);
    expect(outbound().map((m) => m.body)).toEqual([TEXT.body]);
    expect(await historyDocs('reply')).toHaveLength(1);
    expect(await thread()).toHaveLength(1);
  });

  it('two concurrent requests with the same key send exactly once and both answer the send', async () => {
    await seedConversation('sms');
    const [a, b] = await Promise.all([reply(TEXT, KEY), reply(TEXT, KEY)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body).toEqual(a.body);
    expect(outbound()).toHaveLength(1);
    expect(await historyDocs('reply')).toHaveLength(1);
    expect(await thread()).toHaveLength(1);
  });

  it('the same key with another text is refused with 409 and sends nothing more', async () => {
    await seedConversation('sms');
    expect((await reply(TEXT, KEY)).status).toBe(200);
    const other = await reply({ mode: 'free_text', body: 'Un autre message.' }, KEY);
    expect(other.status).toBe(409);
    expect(other.body.error?.code).toBe('idempotency_key_reused');
    expect(other.body.error?.message).toMatch(/Idempotency-Key.*autre demande/);
    expect(outbound()).toHaveLength(1);
  });

  it('two concurrent requests with one key and different texts: one is sent, the other refused', async () => {
    await seedConversation('sms');
    const answers = await Promise.all([
      reply(TEXT, KEY),
      reply({ mode: 'free_text', body: 'Un autre message.' }, KEY),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(outbound()).toHaveLength(1);
    expect(await historyDocs('reply')).toHaveLength(1);
  });

  it('retried after the WhatsApp window closed, it answers the first result (not window_closed)', async () => {
    await seedConversation('whatsapp', 23 * 3_600_000);
    const first = await reply(TEXT, KEY);
    expect(first.status).toBe(200);
    h.clock.set(new Date(h.clock.now().getTime() + 2 * 3_600_000));
    expect(await reply(TEXT, KEY)).toEqual(first);
    // A new click is a new request, judged on today's window.
    expect((await reply(TEXT, 'new-click-0001')).body.error?.code).toBe('window_closed');
    expect(outbound()).toHaveLength(1);
  });

  it('a refusal is recorded once and answered again the same way', async () => {
    await seedConversation('sms');
    const stop: ForwardedEvent = {
      id: 'inbound:SM00000000000000000000000000000stop',
      type: 'inbound',
      receivedAt: h.clock.now().toISOString(),
      params: {
        MessageSid: 'SM00000000000000000000000000000stop',
        From: E164,
        To: 'OMEGA',
        Body: 'STOP',
      },
    };
    expect((await ingestEvent(h.deps, stop)).status).toBe(200);
    await h.queue.drain();
    const before = outbound().length; // the STOP's confirmation
    const first = await reply(TEXT, KEY);
    expect(first.status).toBe(409);
    expect(first.body.error?.code).toBe('suppressed');
    expect(await reply(TEXT, KEY)).toEqual(first);
    expect(outbound()).toHaveLength(before);
    const docs = await historyDocs('reply');
    expect(docs.map((d) => [d.get('status'), d.get('skipReason')])).toEqual([
      ['skipped', 'suppressed'],
    ]);
  });

  it('a first request that died before Twilio (nothing sent) is completed by its retry, once', async () => {
    await seedConversation('sms');
    let hits = 0;
    h.deps.faults = {
      hit(at) {
        if (at === 'after_claim' && hits++ === 0) throw new Error('instance killed');
      },
    };
    expect((await reply(TEXT, KEY)).status).toBe(500);
    expect(outbound()).toHaveLength(0);
    const retry = await reply(TEXT, KEY);
    expect(retry.status).toBe(200);
    expect(outbound()).toHaveLength(1);
    expect(await historyDocs('reply')).toHaveLength(1);
    expect(await thread()).toHaveLength(1);
  });

  it('the same key from another staff member is that member’s own request', async () => {
    await seedConversation('sms');
    const mine = await reply(TEXT, KEY, TOKENS.staff);
    const theirs = await reply(TEXT, KEY, TOKENS.admin);
    expect([mine.status, theirs.status]).toEqual([200, 200]);
    expect(theirs.body.notificationId).not.toBe(mine.body.notificationId);
    expect(outbound()).toHaveLength(2);
  });

  it.each([
    ['missing', null, 'idempotency_key_required'],
    ['empty', '', 'idempotency_key_required'],
    ['7 characters', 'abc-123', 'invalid_idempotency_key'],
    ['129 characters', 'k'.repeat(129), 'invalid_idempotency_key'],
    ['with a space', 'abc 12345', 'invalid_idempotency_key'],
    ['with an accent', 'clé-12345', 'invalid_idempotency_key'],
  ])('a key %s is refused with 400 naming the header, nothing sent', async (_l, key, code) => {
    await seedConversation('sms');
    const res = await reply(TEXT, key);
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe(code);
    expect(res.body.error?.message).toContain('Idempotency-Key');
    expect(outbound()).toHaveLength(0);
    expect(await historyDocs('reply')).toHaveLength(0);
  });

  it.each([
    ['8', 'a_b-C9d0'],
    ['128', 'K'.repeat(128)],
  ])('a key of %s characters is accepted', async (_l, key) => {
    await seedConversation('sms');
    expect((await reply(TEXT, key)).status).toBe(200);
  });
});

describe('the other staff sends with an idempotency key', () => {
  const testMessage = (to: string, idempotencyKey: string | null) =>
    post('/api/staff/settings/test-message', {
      token: TOKENS.admin,
      body: { channel: 'sms', to },
      idempotencyKey,
    });

  it('a test message sent twice with the same key goes out once; another number is refused', async () => {
    const first = await testMessage('06 12 34 56 78', KEY);
    expect(first.body).toMatchObject({ ok: true, status: 'queued' });
    expect(await testMessage('06 12 34 56 78', KEY)).toEqual(first);
    expect(outbound()).toHaveLength(1);
    expect(await historyDocs('test')).toHaveLength(1);
    const other = await testMessage('06 98 76 54 32', KEY);
    expect(other.status).toBe(409);
    expect(other.body.error?.code).toBe('idempotency_key_reused');
    // The same key on another route is another request.
    await seedConversation('sms');
    expect((await reply(TEXT, KEY, TOKENS.admin)).status).toBe(200);
    expect(outbound()).toHaveLength(2);
  });

  it('an urgent message sent twice with the same key is planned once; other words are refused', async () => {
    await h.db.doc('tickets/t1').set(ticket({ clientId: 'c1' }));
    const urgent = (message: string) =>
      post('/api/staff/tickets/t1/urgent', { body: { message }, idempotencyKey: KEY });
    const first = await urgent('Votre appareil est prêt.');
    const again = await urgent('Votre appareil est prêt.');
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body.redelivered).toBe(true);
    const other = await urgent('Finalement, demain.');
    expect(other.status).toBe(409);
    expect(other.body.error?.code).toBe('idempotency_key_reused');
    await h.queue.drain();
    expect(outbound()).toHaveLength(1);
  });

  it.each([
    [
      'a test message',
      '/api/staff/settings/test-message',
      { channel: 'sms', to: '06 12 34 56 78' },
    ],
    ['a payment reminder', '/api/staff/tickets/t1/payment-reminder', {}],
    ['an urgent message', '/api/staff/tickets/t1/urgent', { message: 'Votre appareil est prêt.' }],
  ])('%s without a key is refused with 400 and plans nothing', async (_l, path, body) => {
    await h.db.doc('tickets/t1').set(ticket({ clientId: 'c1', amountDueEur: 40 }));
    const res = await post(path, { token: TOKENS.admin, body, idempotencyKey: null });
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('idempotency_key_required');
    await h.queue.drain();
    expect(outbound()).toHaveLength(0);
    expect((await h.db.collection('notification_history').get()).size).toBe(0);
  });
});

it('a dashboard on another origin may send the header (CORS preflight)', async () => {
  const res = await h.api.request(REPLY, {
    method: 'OPTIONS',
    headers: {
      origin: 'http://dashboard.test',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type, idempotency-key',
    },
  });
  expect(res.headers.get('access-control-allow-headers')).toMatch(/idempotency-key/);
});

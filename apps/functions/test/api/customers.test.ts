import { describe, expect, it } from 'vitest';
import type { CustomerDetail, CustomerSummary } from '../../src/api/types.ts';
import { ingestInboundEvent } from '../../src/ingest/inbound.ts';
import { seedRegistered, seedWalkIn, ticket } from '../support/fixtures.ts';
import { createTicket, updateTicket } from '../support/triggers.ts';
import { type ApiHarness, TOKENS, useApiHarness } from './support/api-harness.ts';

let h: ApiHarness;
useApiHarness({
  started: (started) => {
    h = started;
  },
  each: async () => {
    await seedWalkIn(h.db, 'c1', {
      name: 'Jean Martin',
      phone: '06 12 34 56 78',
      email: 'jean.martin@example.fr',
    });
    await seedWalkIn(h.db, 'c2', { name: 'Marie Curie', phone: '+33 7 81 22 33 44' });
    await seedRegistered(
      h.db,
      { clientId: 'c3', customerId: 'p1' },
      { lastName: 'Durand', firstName: 'Zoé' },
      { name: 'Zoé Durand' },
    );
  },
});

const search = async (q: string) =>
  (
    await h.json<{ items: CustomerSummary[] }>(
      'GET',
      `/api/staff/customers?q=${encodeURIComponent(q)}`,
    )
  ).body.items;

describe('customer search', () => {
  it.each([
    ['the start of the name, as typed', 'Jean', ['client:c1']],
    ['lower case', 'jean', ['client:c1']],
    ['a registered customer by last name', 'dur', ['profile:p1']],
    ['a registered customer by first name', 'Zoé', ['profile:p1']],
    ['a phone number written differently', '0612345678', ['client:c1']],
    ['a phone number in E.164', '+33612345678', ['client:c1']],
    ['a phone with dots', '07.81.22.33.44', ['client:c2']],
    ['the registered customer’s phone', '06 98 76 54 32', ['profile:p1']],
    ['an email prefix', 'jean.martin@', ['client:c1']],
    ['nothing that matches', 'Zzyzx', []],
  ])('finds by %s', async (_label, q, expected) => {
    const items = await search(q);
    expect(items.map((i) => `${i.kind}:${i.id}`)).toEqual(expected);
  });

  it('returns a registered customer once, as the profile, when the counter record matches', async () => {
    const items = await search('Zoé D');
    expect(items).toEqual([
      expect.objectContaining({
        kind: 'profile',
        id: 'p1',
        clientId: 'c3',
        registered: true,
        name: 'Zoé Durand',
      }),
    ]);
  });

  it.each([
    ['too short', 'a'],
    ['missing', ''],
  ])('rejects a query that is %s with a 400 naming the field', async (_label, q) => {
    const res = await h.json<{ error: { code: string; issues: Array<{ path: string }> } }>(
      'GET',
      `/api/staff/customers?q=${q}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.issues[0]?.path).toBe('q');
  });
});

describe('customer detail', () => {
  it('shows a walk-in’s channels with the pipeline’s reasons, the phone and no consent yet', async () => {
    const { status, body } = await h.json<CustomerDetail>('GET', '/api/staff/customers/client/c1');
    expect(status).toBe(200);
    expect(body.summary).toMatchObject({
      kind: 'client',
      id: 'c1',
      registered: false,
      name: 'Jean Martin',
    });
    const sms = body.channels.find((c) => c.channel === 'sms');
    expect(sms).toMatchObject({
      granted: false,
      explicit: false,
      basis: 'service',
      reachable: true,
    });
    const whatsapp = body.channels.find((c) => c.channel === 'whatsapp');
    expect(whatsapp?.reachable).toBe(false);
    expect(whatsapp?.reason).toMatch(/accord|compte/);
    expect(body.phones).toEqual([
      expect.objectContaining({
        source: 'client',
        e164: '+33612345678',
        valid: true,
        type: 'mobile',
        smsCapable: true,
        mark: null,
        suppression: null,
      }),
    ]);
    expect(body.consentHistory).toEqual([]);
  });

  it('follows the link from the counter record to the profile', async () => {
    const { body } = await h.json<CustomerDetail>('GET', '/api/staff/customers/client/c3');
    expect(body.summary).toMatchObject({
      kind: 'profile',
      id: 'p1',
      customerId: 'p1',
      clientId: 'c3',
    });
  });

  it('shows a Twilio mark and a suppression on the number', async () => {
    await h.db.doc('clients/c1').update({
      phoneStatus: {
        e164: '+33612345678',
        status: 'landline',
        code: 30006,
        channel: 'sms',
        at: new Date('2026-03-01T10:00:00Z'),
      },
    });
    await h.db.doc('suppressions/+33612345678').set({
      e164: '+33612345678',
      scope: 'sms',
      reason: 'opt_out_keyword',
      createdAt: new Date('2026-03-01T11:00:00Z'),
    });
    const { body } = await h.json<CustomerDetail>('GET', '/api/staff/customers/client/c1');
    expect(body.phones[0]).toMatchObject({
      mark: { status: 'landline', code: 30006, at: '2026-03-01T10:00:00.000Z' },
      suppression: { scope: 'sms', reason: 'opt_out_keyword' },
    });
    expect(body.channels.find((c) => c.channel === 'sms')?.reachable).toBe(false);
  });

  it.each([
    ['an unknown client', '/api/staff/customers/client/nope', 404, 'not_found'],
    ['an unknown kind', '/api/staff/customers/robot/c1', 400, 'invalid_request'],
  ])('answers %s with %i', async (_label, path, status, code) => {
    const res = await h.json<{ error: { code: string } }>('GET', path);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
  });
});

describe('consent changes', () => {
  it('records an SMS opt-in at the counter: one consent record, the profile’s state, and the next message goes by SMS', async () => {
    // Zoé has an email: the cascade sends email (+ WhatsApp, which she enabled). Without email,
    // SMS is her only phone channel once she opts in.
    await h.db
      .doc('customer_profiles/p1')
      .update({ email: null, 'notificationPreferences.whatsappEnabled': false });
    const res = await h.json<{ result: { records: number }; detail: CustomerDetail }>(
      'POST',
      '/api/staff/customers/profile/p1/consent',
      {
        body: {
          changes: [{ channel: 'sms', granted: true }],
          source: 'counter',
          wordingVersion: 'counter-sms-2026-01',
        },
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.result.records).toBe(1);
    const log = await h.db.collection('consent_log').where('customerId', '==', 'p1').get();
    expect(log.docs.map((d) => d.data())).toEqual([
      expect.objectContaining({
        channel: 'sms',
        granted: true,
        source: 'counter',
        actor: 'staff-1',
        wordingVersion: 'counter-sms-2026-01',
        e164: '+33698765432',
        clientId: 'c3',
      }),
    ]);
    const profile = (await h.db.doc('customer_profiles/p1').get()).data();
    expect(profile?.notificationPreferences.smsEnabled).toBe(true);
    expect(res.body.detail.channels.find((c) => c.channel === 'sms')).toMatchObject({
      granted: true,
      explicit: true,
      source: 'counter',
      basis: 'consent',
      reachable: true,
    });
    expect(res.body.detail.consentHistory).toHaveLength(1);

    await createTicket(h, 't1', ticket({ clientId: 'c3', customerId: 'p1' }));
    await h.queue.drain();
    const sent = h.sandbox.messages().filter((m) => m.direction === 'outbound-api');
    expect(sent.map((m) => m.to)).toEqual(['+33698765432']);
  });

  it('records a withdrawal for a walk-in on the client record: service SMS stop too', async () => {
    const res = await h.call('POST', '/api/staff/customers/client/c1/consent', {
      body: {
        changes: [{ channel: 'sms', granted: false }],
        source: 'staff',
        wordingVersion: 'staff-sms-2026-01',
      },
    });
    expect(res.status).toBe(200);
    const client = (await h.db.doc('clients/c1').get()).data();
    expect(client?.consent?.sms).toMatchObject({
      granted: false,
      source: 'staff',
      actor: 'staff-1',
    });
    await createTicket(h, 't2', ticket({ clientId: 'c1' }));
    await updateTicket(h, 't2', { status: 'completed' });
    await h.queue.drain();
    expect(h.sandbox.messages().filter((m) => m.direction === 'outbound-api')).toEqual([]);
  });

  it('lifts our own suppression on a grant, but refuses to lift a Twilio opt-out, in words', async () => {
    await h.db
      .doc('suppressions/+33612345678')
      .set({ e164: '+33612345678', scope: 'all', reason: 'staff' });
    await h.call('POST', '/api/staff/customers/client/c1/consent', {
      body: {
        changes: [{ channel: 'sms', granted: true }],
        source: 'counter',
        wordingVersion: 'counter-sms-2026-01',
      },
    });
    expect((await h.db.doc('suppressions/+33612345678').get()).get('scope')).toBe('whatsapp');

    await h.db
      .doc('suppressions/+33781223344')
      .set({ e164: '+33781223344', scope: 'sms', reason: 'twilio_opt_out', code: 21610 });
    const res = await h.json<{ error: { code: string; message: string } }>(
      'POST',
      '/api/staff/customers/client/c2/consent',
      {
        body: {
          changes: [{ channel: 'sms', granted: true }],
          source: 'counter',
          wordingVersion: 'counter-sms-2026-01',
        },
      },
    );
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('provider_opt_out');
    expect((await h.db.doc('suppressions/+33781223344').get()).exists).toBe(true);
  });

  it('refuses a re-grant at the counter after the customer texted STOP: 409 in words, nothing written, nothing attempted', async () => {
    // The customer texts STOP: Twilio (the sandbox) opts the number out of SMS, we ingest it.
    const stop = await h.sandbox.simulateInbound({ from: '+33612345678', body: 'STOP' });
    if (!stop.ok) throw new Error(stop.error.message);
    await ingestInboundEvent(h.deps, {
      id: `inbound:${stop.value.message.sid}`,
      type: 'inbound',
      receivedAt: h.clock.now().toISOString(),
      params: { MessageSid: stop.value.message.sid, From: '+33612345678', Body: 'STOP' },
    });
    const before = (await h.db.collection('consent_log').get()).size;

    const res = await h.json<{ error: { code: string; message: string } }>(
      'POST',
      '/api/staff/customers/client/c1/consent',
      {
        body: {
          changes: [{ channel: 'sms', granted: true }],
          source: 'counter',
          wordingVersion: 'optin-sms-fr-2026-01',
        },
      },
    );
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'provider_opt_out' });
    expect(res.body.error.message).toMatch(/STOP \(SMS\).*envoyé lui-même START/);
    expect((await h.db.collection('consent_log').get()).size).toBe(before);
    expect((await h.db.doc('suppressions/+33612345678').get()).data()).toMatchObject({
      scope: 'sms',
      providerHeld: ['sms'],
    });

    // The customer page says so, and the next notification is not even attempted by SMS.
    const detail = await h.json<CustomerDetail>('GET', '/api/staff/customers/client/c1');
    expect(detail.body.channels.find((c) => c.channel === 'sms')).toMatchObject({
      granted: false,
      providerOptOut: true,
    });
    expect(detail.body.phones[0]?.suppression).toMatchObject({ providerHeld: ['sms'] });
    const thread = await h.json<{ providerHeld: string[] }>(
      'GET',
      '/api/staff/conversations/+33612345678',
    );
    expect(thread.body.providerHeld).toEqual(['sms']);
    await createTicket(h, 't3', ticket({ clientId: 'c1' }));
    await h.queue.drain();
    const docs = (
      await h.db.collection('notification_history').where('ticketId', '==', 't3').get()
    ).docs.map((d) => d.data());
    // The welcome goes by e-mail; SMS was never planned: the plan records why.
    expect(docs.map((d) => [d.channel, d.planSkips?.sms])).toEqual([['email', 'suppressed']]);
    expect(
      h.sandbox.messages().filter((m) => m.direction === 'outbound-api' && m.to === '+33612345678'),
    ).toEqual([]);
  });

  it('counts consent decisions in the day’s statistics', async () => {
    await h.call('POST', '/api/staff/customers/client/c1/consent', {
      body: {
        changes: [
          { channel: 'sms', granted: true },
          { channel: 'whatsapp', granted: false },
        ],
        source: 'counter',
        wordingVersion: 'counter-2026-01',
      },
    });
    const day = (await h.db.doc('stats_daily/2026-03-02').get()).data();
    expect(day).toMatchObject({ consent_sms_granted: 1, consent_whatsapp_withdrawn: 1 });
  });

  it.each([
    ['no change', { changes: [], source: 'staff', wordingVersion: 'v-2026-01' }, 'changes'],
    [
      'an unknown channel',
      {
        changes: [{ channel: 'fax', granted: true }],
        source: 'staff',
        wordingVersion: 'v-2026-01',
      },
      'changes.0.channel',
    ],
    [
      'a customer as source',
      { changes: [{ channel: 'sms', granted: true }], source: 'web', wordingVersion: 'v-2026-01' },
      'source',
    ],
    [
      'no wording version',
      { changes: [{ channel: 'sms', granted: true }], source: 'staff' },
      'wordingVersion',
    ],
  ])('rejects %s with a 400 and writes nothing', async (_label, body, path) => {
    const res = await h.json<{ error: { issues: Array<{ path: string }> } }>(
      'POST',
      '/api/staff/customers/client/c1/consent',
      { body },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i) => i.path)).toContain(path);
    expect((await h.db.collection('consent_log').get()).size).toBe(0);
  });

  it('answers malformed JSON with a 400, not a 500', async () => {
    const res = await h.call('POST', '/api/staff/customers/client/c1/consent', {
      body: '{"changes": [',
    });
    expect(res.status).toBe(400);
  });
});

describe('counter consent at ticket creation', () => {
  it('records the channels the customer chose, with source counter and the staff member as actor', async () => {
    await h.db.doc('tickets/t9').set(ticket({ clientId: 'c2' }));
    const res = await h.json<{ detail: CustomerDetail }>(
      'POST',
      '/api/staff/tickets/t9/counter-consent',
      {
        body: { channels: { sms: true, whatsapp: true }, wordingVersion: 'counter-2026-01' },
      },
    );
    expect(res.status).toBe(200);
    const log = await h.db.collection('consent_log').where('clientId', '==', 'c2').get();
    expect(
      log.docs
        .map((d) => [d.get('channel'), d.get('granted'), d.get('source'), d.get('actor')])
        .sort(),
    ).toEqual([
      ['sms', true, 'counter', 'staff-1'],
      ['whatsapp', true, 'counter', 'staff-1'],
    ]);
    expect(res.body.detail.channels.find((c) => c.channel === 'whatsapp')?.reachable).toBe(true);
  });

  it('refuses the whole choice when Twilio holds a STOP on a chosen channel, and writes nothing', async () => {
    await h.db.doc('tickets/t9').set(ticket({ clientId: 'c2' }));
    await h.db.doc('suppressions/+33781223344').set({
      e164: '+33781223344',
      scope: 'sms',
      reason: 'opt_out_keyword',
      providerHeld: ['sms'],
    });
    const res = await h.json<{ error: { code: string; message: string } }>(
      'POST',
      '/api/staff/tickets/t9/counter-consent',
      {
        body: { channels: { sms: true, whatsapp: true }, wordingVersion: 'counter-2026-01' },
      },
    );
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('provider_opt_out');
    expect((await h.db.collection('consent_log').get()).size).toBe(0);
  });
});

describe('phone status', () => {
  it('clears a Twilio mark staff have checked, only for that number', async () => {
    await h.db
      .doc('clients/c1')
      .update({ phoneStatus: { e164: '+33612345678', status: 'invalid', code: 21211 } });
    const wrong = await h.call('POST', '/api/staff/customers/client/c1/phone-status/clear', {
      body: { e164: '+33600000000' },
    });
    expect(wrong.status).toBe(409);
    const ok = await h.call('POST', '/api/staff/customers/client/c1/phone-status/clear', {
      body: { e164: '+33612345678' },
    });
    expect(ok.status).toBe(200);
    expect((await h.db.doc('clients/c1').get()).get('phoneStatus')).toBeNull();
  });
});

describe('data export and erasure', () => {
  it('exports every document about the customer', async () => {
    await h.call('POST', '/api/staff/customers/client/c1/consent', {
      body: {
        changes: [{ channel: 'sms', granted: true }],
        source: 'counter',
        wordingVersion: 'counter-sms-2026-01',
      },
    });
    await createTicket(h, 't1', ticket({ clientId: 'c1' }));
    await h.queue.drain();
    await h.db
      .doc('conversations/+33612345678')
      .set({ e164: '+33612345678', clientId: 'c1', channel: 'whatsapp', unread: 1 });
    await h.db
      .doc('conversations/+33612345678/messages/SM1')
      .set({ direction: 'inbound', body: 'Bonjour', at: new Date() });
    const res = await h.call('GET', '/api/staff/customers/client/c1/export');
    expect(res.headers.get('content-disposition')).toContain('omega-export-c1.json');
    const data = (await res.json()) as Record<string, unknown[]> & { client: { name: string } };
    expect(data.client.name).toBe('Jean Martin');
    expect(data.tickets).toHaveLength(1);
    expect((data.notifications as Array<{ channel: string }>).map((n) => n.channel).sort()).toEqual(
      ['email', 'sms'],
    );
    expect(data.consentLog).toHaveLength(1);
    expect(data.conversations).toEqual([
      expect.objectContaining({
        id: '+33612345678',
        messages: [expect.objectContaining({ body: 'Bonjour' })],
      }),
    ]);
  });

  it('erases for admins only, after confirmation, and keeps the consent proof without the number', async () => {
    await h.call('POST', '/api/staff/customers/client/c1/consent', {
      body: {
        changes: [{ channel: 'sms', granted: false }],
        source: 'staff',
        wordingVersion: 'staff-sms-2026-01',
      },
    });
    await h.db
      .doc('conversations/+33612345678')
      .set({ e164: '+33612345678', clientId: 'c1', channel: 'whatsapp' });
    await h.db
      .doc('conversations/+33612345678/messages/SM1')
      .set({ direction: 'inbound', body: 'Bonjour' });
    const asStaff = await h.call('POST', '/api/staff/customers/client/c1/erase', {
      body: { confirm: 'EFFACER' },
    });
    expect(asStaff.status).toBe(403);
    const unconfirmed = await h.call('POST', '/api/staff/customers/client/c1/erase', {
      token: TOKENS.admin,
      body: { confirm: 'oui' },
    });
    expect(unconfirmed.status).toBe(400);
    const res = await h.json<Record<string, number>>(
      'POST',
      '/api/staff/customers/client/c1/erase',
      { token: TOKENS.admin, body: { confirm: 'EFFACER' } },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ messagesDeleted: 1, consentRecordsKept: 1 });
    const client = (await h.db.doc('clients/c1').get()).data();
    expect(client).toMatchObject({
      name: 'Client effacé',
      phone: null,
      email: null,
      erasedBy: 'admin-1',
    });
    expect((await h.db.doc('conversations/+33612345678/messages/SM1').get()).exists).toBe(false);
    const log = await h.db.collection('consent_log').where('clientId', '==', 'c1').get();
    expect(log.docs.map((d) => [d.get('granted'), d.get('e164')])).toEqual([[false, null]]);
  });
});

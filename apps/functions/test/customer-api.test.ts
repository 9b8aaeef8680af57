import { parseShortLink } from '@omega/templates';
import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { createCustomerApi } from '../src/customer-api/app.ts';
import { customerApiDepsFromPipeline } from '../src/customer-api/build-deps.ts';
import { hashIp } from '../src/customer-api/choices.ts';
import type { LinkView } from '../src/customer-api/view.ts';
import { type ApiHarness, stubVerifier, TOKENS, useApiHarness } from './api/support/api-harness.ts';
import { seedRegistered, seedWalkIn, ticket } from './support/fixtures.ts';
import { createTicket, updateTicket } from './support/triggers.ts';

let h: ApiHarness;
let customer: ReturnType<typeof createCustomerApi>;
const IP = '203.0.113.7';

function build(limits?: Parameters<typeof customerApiDepsFromPipeline>[1]['limits']) {
  return createCustomerApi(
    customerApiDepsFromPipeline(h.deps, {
      auth: stubVerifier,
      appPublicUrl: 'https://app.omega.test',
      ...(limits ? { limits } : {}),
    }),
  );
}

useApiHarness({
  started: (started) => {
    h = started;
  },
  each: () => {
    customer = build();
  },
});

type Init = {
  body?: unknown;
  form?: Record<string, string>;
  token?: string;
  headers?: Record<string, string>;
  ip?: string;
};

function request(app: typeof customer, method: string, path: string, init: Init = {}) {
  const headers: Record<string, string> = {
    'x-forwarded-for': init.ip ?? IP,
    host: 'omega.test',
    ...init.headers,
  };
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  } else if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  }
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  return Promise.resolve(app.request(`http://omega.test${path}`, { method, headers, body }));
}
const call = (method: string, path: string, init: Init = {}) =>
  request(customer, method, path, init);

/** The short-link id in the last SMS the sandbox received. */
function linkIdFromLastSms(): string {
  const sms = h.sandbox
    .messages()
    .filter((m) => m.direction === 'outbound-api' && !String(m.to).startsWith('whatsapp:'));
  const body = String(sms[0]?.body ?? ''); // newest first
  const url = /https:\/\/\S+\/t\/[A-Za-z0-9]+/.exec(body)?.[0];
  expect(url, `no short link in "${body}"`).toBeDefined();
  const parsed = parseShortLink(url as string);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value.id;
}

async function consentRecords(owner: { clientId?: string; customerId?: string }) {
  const [field, id] = owner.customerId
    ? ['customerId', owner.customerId]
    : ['clientId', owner.clientId];
  const snap = await h.db
    .collection('consent_log')
    .where(field as string, '==', id)
    .get();
  return snap.docs.map((d) => d.data());
}

/** The history documents of the ticket's `status_completed` notification, one per channel. */
async function completedNotifications(ticketId: string) {
  const history = await h.db
    .collection('notification_history')
    .where('ticketId', '==', ticketId)
    .get();
  return history.docs.map((d) => d.data()).filter((d) => d.kind === 'status_completed');
}

/** Every outbound message's recipient, oldest first. */
async function sentTo(): Promise<string[]> {
  return h.sandbox
    .messages()
    .reverse()
    .filter((m) => m.direction === 'outbound-api')
    .map((m) => String(m.to));
}

/**
 * A registered customer with no email and only email "enabled" (so nothing can reach them), and
 * their ticket `t9` created through the deployed trigger: the next channel is up to consent.
 */
async function registeredWithoutChannel(customerId: string) {
  await seedRegistered(
    h.db,
    { clientId: 'c9', customerId },
    {
      email: null,
      notificationPreferences: {
        emailEnabled: true,
        smsEnabled: false,
        whatsappEnabled: false,
        pushEnabled: false,
      },
    },
  );
  await createTicket(h, 't9', ticket({ clientId: 'c9', customerId }));
  await h.queue.drain();
}

/** A walk-in's ticket created through the deployed trigger, its welcome SMS sent. */
async function walkInWithLink(ticketId = 't1', clientId = 'c1') {
  await seedWalkIn(h.db, clientId);
  await createTicket(h, ticketId, ticket({ clientId }));
  await h.queue.drain();
  return linkIdFromLastSms();
}

describe('the landing page behind a message’s short link', () => {
  it('shows the repair, the registration link and the choices — French, no script, no-store', async () => {
    const id = await walkInWithLink();
    const res = await call('GET', `/t/${id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('iPhone 13');
    expect(html).toContain('OM-2603-0001');
    expect(html).toContain('Bonjour Jean,');
    expect(html).toContain(`https://app.omega.test/inscription?ref=${id}`);
    // The number is masked; the walk-in's SMS runs on the service basis until they decide.
    expect(html).toContain('+336 •• •• •• 78');
    expect(html).not.toContain('06 12 34 56 78');
    expect(html).toMatch(/id="canal-sms"[\s\S]*Messages essentiels uniquement/);
    // …with both ways out of it: all the tracking, or nothing at all (an objection, its words).
    const start = html.indexOf('id="canal-sms"');
    const end = html.indexOf('class="choice"', start);
    const sms = html.slice(start, end === -1 ? undefined : end);
    expect(sms).toContain('Recevoir tout le suivi par SMS');
    expect(sms).toContain('Ne plus recevoir : SMS');
    expect(sms).toContain('<input type="hidden" name="granted" value="false">');
    expect(sms).toContain('name="wordingVersion" value="optout-sms-fr-2026-01"');
    expect(html).not.toContain('canal-push');
    const link = await h.db.doc(`short_links/${id}`).get();
    expect(link.get('clicks')).toBe(1);
  });

  it('opts a walk-in out of SMS: one consent record, the number suppressed, and the next status change sends no SMS and says why', async () => {
    const id = await walkInWithLink();
    const before = (await sentTo()).length;
    const res = await call('POST', `/t/${id}`, {
      form: { channel: 'sms', granted: 'false', wordingVersion: 'optout-sms-fr-2026-01' },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${id}?enregistre=sms-off`);

    const records = await consentRecords({ clientId: 'c1' });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      channel: 'sms',
      granted: false,
      source: 'web',
      actor: 'customer',
      wordingVersion: 'optout-sms-fr-2026-01',
      e164: '+33612345678',
    });
    expect(records[0]?.ipHash).toMatch(/^[0-9a-f]{32}$/);
    expect(records[0]?.ipHash).not.toContain(IP);
    const suppression = await h.db.doc('suppressions/+33612345678').get();
    expect(suppression.data()).toMatchObject({
      scope: 'sms',
      reason: 'web_opt_out',
      source: 'web',
    });

    const after = await (await call('GET', `/t/${id}?enregistre=sms-off`)).text();
    expect(after).toContain('vous ne recevrez plus de messages par SMS');
    expect(after).toMatch(/id="canal-sms"[\s\S]*Désactivé/);

    await updateTicket(h, 't1', {
      status: 'completed',
      completedAt: Timestamp.fromDate(h.clock.now()),
    });
    await h.queue.drain();
    expect((await sentTo()).length).toBe(before);
    const completed = await completedNotifications('t1');
    expect(completed.find((d) => d.channel === 'sms')).toMatchObject({
      status: 'skipped',
      skipReason: 'suppressed',
    });
  });

  it('opts back in: the grant lifts the web suppression and the SMS goes out again', async () => {
    const id = await walkInWithLink();
    await call('POST', `/t/${id}`, {
      form: { channel: 'sms', granted: 'false', wordingVersion: 'optout-sms-fr-2026-01' },
    });
    const res = await call('POST', `/t/${id}`, {
      form: { channel: 'sms', granted: 'true', wordingVersion: 'optin-sms-fr-2026-01' },
    });
    expect(res.headers.get('location')).toBe(`${id}?enregistre=sms-on`);
    expect((await h.db.doc('suppressions/+33612345678').get()).exists).toBe(false);
    expect(await consentRecords({ clientId: 'c1' })).toHaveLength(2);
    const before = (await sentTo()).length;
    await updateTicket(h, 't1', { status: 'diagnosing' }); // a progress update: needs consent, now given
    await h.queue.drain();
    expect((await sentTo()).length).toBe(before + 1);
  });

  it('keeps a Twilio STOP: the grant is recorded but the page says only START lifts it', async () => {
    const id = await walkInWithLink();
    await h.db
      .doc('suppressions/+33612345678')
      .set({ e164: '+33612345678', scope: 'all', reason: 'twilio_opt_out' });
    const res = await call('POST', `/t/${id}`, {
      form: { channel: 'sms', granted: 'true', wordingVersion: 'optin-sms-fr-2026-01' },
    });
    expect(res.headers.get('location')).toBe(`${id}?enregistre=sms-stop`);
    expect((await h.db.doc('suppressions/+33612345678').get()).get('scope')).toBe('all');
    const page = await (await call('GET', `/t/${id}?enregistre=sms-stop`)).text();
    expect(page).toContain('envoyez START');
  });

  it('answers a malformed form on the page with a 400 and writes nothing', async () => {
    const id = await walkInWithLink();
    for (const form of [
      { channel: 'fax', granted: 'false', wordingVersion: 'optout-sms-fr-2026-01' },
      { channel: 'sms', granted: 'maybe', wordingVersion: 'optout-sms-fr-2026-01' },
      { channel: 'sms', granted: 'false' },
    ]) {
      const res = await call('POST', `/t/${id}`, { form: form as Record<string, string> });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('n’a pas pu être lu');
    }
    const wrongWords = await call('POST', `/t/${id}`, {
      form: { channel: 'sms', granted: 'false', wordingVersion: 'optin-sms-fr-2026-01' },
    });
    expect(wrongWords.status).toBe(400);
    expect(await consentRecords({ clientId: 'c1' })).toHaveLength(0);
  });

  it('refuses a form posted from another site', async () => {
    const id = await walkInWithLink();
    const res = await call('POST', `/t/${id}`, {
      form: { channel: 'sms', granted: 'false', wordingVersion: 'optout-sms-fr-2026-01' },
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    expect(await consentRecords({ clientId: 'c1' })).toHaveLength(0);
  });
});

describe('link ids', () => {
  it.each([
    ['unknown', 'Zz9Zz9Zz9Z', 404, 'Lien introuvable'],
    ['malformed', 'no-such-thing!', 404, 'Lien introuvable'],
  ])('an %s id gets a clear page and no data', async (_label, id, status, title) => {
    await walkInWithLink();
    const res = await call('GET', `/t/${encodeURIComponent(id)}`);
    expect(res.status).toBe(status);
    const html = await res.text();
    expect(html).toContain(title);
    expect(html).not.toContain('iPhone');
    expect(html).not.toContain('Jean');
  });

  it('an expired id gets a clear page and no data, in HTML and JSON', async () => {
    const id = await walkInWithLink();
    const link = await h.db.doc(`short_links/${id}`).get();
    // Each message pushes the expiry 90 days on.
    const expiresAt = (link.get('expiresAt') as Timestamp).toDate();
    expect(expiresAt.getTime() - h.clock.now().getTime()).toBe(90 * 86_400_000);
    h.clock.set(new Date(expiresAt.getTime() + 1000).toISOString());
    const page = await call('GET', `/t/${id}`);
    expect(page.status).toBe(410);
    const html = await page.text();
    expect(html).toContain('Lien expiré');
    expect(html).not.toContain('iPhone');
    const api = await call('GET', `/api/public/links/${id}`);
    expect(api.status).toBe(410);
    expect(await api.json()).toEqual({ error: { code: 'link_expired', message: 'Lien expiré.' } });
  });

  it('a revoked id stops opening at once, and the next message carries a new link that opens', async () => {
    const id = await walkInWithLink();
    const revoke = await h.json<{ revokedLinkId: string; generation: number }>(
      'POST',
      '/api/staff/tickets/t1/link/revoke',
    );
    expect(revoke.status).toBe(200);
    expect(revoke.body).toEqual({ revokedLinkId: id, generation: 1 });
    const page = await call('GET', `/t/${id}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('Lien désactivé');
    const write = await call('POST', `/api/public/links/${id}/consent`, {
      body: {
        changes: [{ channel: 'sms', granted: false, wordingVersion: 'optout-sms-fr-2026-01' }],
      },
    });
    expect(write.status).toBe(410);
    expect(await consentRecords({ clientId: 'c1' })).toHaveLength(0);

    await updateTicket(h, 't1', {
      status: 'completed',
      completedAt: Timestamp.fromDate(h.clock.now()),
    });
    await h.queue.drain();
    const fresh = linkIdFromLastSms();
    expect(fresh).not.toBe(id);
    expect((await call('GET', `/t/${fresh}`)).status).toBe(200);
  });

  it('a link whose ticket moved to another client is refused', async () => {
    const id = await walkInWithLink();
    await seedWalkIn(h.db, 'c2', { name: 'Paul Roy', firstName: 'Paul', phone: '06 11 22 33 44' });
    await h.db.doc('tickets/t1').update({ clientId: 'c2' });
    const res = await call('GET', `/api/public/links/${id}`);
    expect(res.status).toBe(410);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('link_revoked');
  });

  it('cannot reach another customer: the body cannot name one, and only the link’s own customer changes', async () => {
    const id = await walkInWithLink('t1', 'c1');
    await seedWalkIn(h.db, 'c2', { name: 'Paul Roy', firstName: 'Paul', phone: '06 11 22 33 44' });
    const sneaky = await call('POST', `/api/public/links/${id}/consent`, {
      body: {
        clientId: 'c2',
        changes: [{ channel: 'sms', granted: false, wordingVersion: 'optout-sms-fr-2026-01' }],
      },
    });
    expect(sneaky.status).toBe(400);
    const ok = await call('POST', `/api/public/links/${id}/consent`, {
      body: {
        changes: [{ channel: 'sms', granted: false, wordingVersion: 'optout-sms-fr-2026-01' }],
      },
    });
    expect(ok.status).toBe(200);
    expect(await consentRecords({ clientId: 'c1' })).toHaveLength(1);
    expect(await consentRecords({ clientId: 'c2' })).toHaveLength(0);
    expect((await h.db.doc('suppressions/+33611223344').get()).exists).toBe(false);
    const view = (await (await call('GET', `/api/public/links/${id}`)).json()) as LinkView;
    expect(view.customer.firstName).toBe('Jean');
    expect(view.registration?.prefill.phone).toBe('06 12 34 56 78');
  });
});

describe('every consent path writes exactly one record and changes what the cascade chooses next', () => {
  it('the page’s JSON route: a walk-in’s WhatsApp grant moves the next message from SMS to WhatsApp', async () => {
    const id = await walkInWithLink();
    const res = await call('POST', `/api/public/links/${id}/consent`, {
      body: {
        changes: [
          { channel: 'whatsapp', granted: true, wordingVersion: 'optin-whatsapp-fr-2026-01' },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ records: 1, suppressionAdded: false });
    const records = await consentRecords({ clientId: 'c1' });
    expect(records.map((r) => [r.channel, r.granted, r.source])).toEqual([
      ['whatsapp', true, 'web'],
    ]);
    const before = await sentTo();
    await updateTicket(h, 't1', {
      status: 'completed',
      completedAt: Timestamp.fromDate(h.clock.now()),
    });
    await h.queue.drain();
    // The cascade now picks WhatsApp (SMS is covered by it): never both for one event.
    const completed = await completedNotifications('t1');
    const whatsapp = completed.find((d) => d.channel === 'whatsapp');
    expect(whatsapp?.planSkips).toMatchObject({ sms: 'covered_by_other_channel' });
    // Outside the 24 h window with no approved template, WhatsApp fails before it leaves and
    // SMS takes over for the same event: the customer still hears, once.
    expect(whatsapp).toMatchObject({ status: 'failed', errorCode: 'no_approved_template' });
    expect(completed.find((d) => d.channel === 'sms')).toMatchObject({
      fallbackOf: expect.stringContaining('t1_whatsapp_'),
    });
    expect((await sentTo()).slice(before.length)).toEqual(['+33612345678']);
  });

  it('the registration component’s route: a signed-in customer’s SMS opt-in (source registration) makes SMS the next channel', async () => {
    await registeredWithoutChannel('cust-1');
    expect(await sentTo()).toEqual([]);
    const res = await call('POST', '/api/public/me/consent', {
      token: TOKENS.customer,
      body: {
        source: 'registration',
        changes: [{ channel: 'sms', granted: true, wordingVersion: 'optin-sms-fr-2026-01' }],
      },
    });
    expect(res.status).toBe(200);
    const records = await consentRecords({ customerId: 'cust-1' });
    expect(records.map((r) => [r.channel, r.granted, r.source, r.actor])).toEqual([
      ['sms', true, 'registration', 'customer'],
    ]);
    const prefs = (await (
      await call('GET', '/api/public/me/preferences', { token: TOKENS.customer })
    ).json()) as {
      channels: Array<{ channel: string; enabled: boolean }>;
    };
    expect(prefs.channels.find((c) => c.channel === 'sms')?.enabled).toBe(true);
    await updateTicket(h, 't9', {
      status: 'completed',
      completedAt: Timestamp.fromDate(h.clock.now()),
    });
    await h.queue.drain();
    expect(await sentTo()).toEqual(['+33698765432']);
  });

  it('a brand-new account with no profile yet: the registration opt-in creates its consent state', async () => {
    const res = await call('POST', '/api/public/me/consent', {
      token: TOKENS.customer,
      body: {
        source: 'registration',
        changes: [
          { channel: 'sms', granted: true, wordingVersion: 'optin-sms-fr-2026-01' },
          { channel: 'push', granted: false, wordingVersion: 'optout-push-fr-2026-01' },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(await consentRecords({ customerId: 'cust-1' })).toHaveLength(2);
    const profile = await h.db.doc('customer_profiles/cust-1').get();
    expect(profile.get('notificationPreferences')).toMatchObject({
      smsEnabled: true,
      pushEnabled: false,
    });
  });

  it('the counter (staff): one record with the staff member as actor, and SMS goes out next', async () => {
    await registeredWithoutChannel('cust-9');
    const res = await h.json('POST', '/api/staff/tickets/t9/counter-consent', {
      body: { channels: { sms: true }, wordingVersion: { sms: 'optin-sms-fr-2026-01' } },
    });
    expect(res.status).toBe(200);
    const missing = await h.json('POST', '/api/staff/tickets/t9/counter-consent', {
      body: {
        channels: { sms: true, whatsapp: true },
        wordingVersion: { sms: 'optin-sms-fr-2026-01' },
      },
    });
    expect(missing.status).toBe(400);
    const records = await consentRecords({ customerId: 'cust-9' });
    expect(records.map((r) => [r.channel, r.source, r.actor])).toEqual([
      ['sms', 'counter', 'staff-1'],
    ]);
    await updateTicket(h, 't9', {
      status: 'completed',
      completedAt: Timestamp.fromDate(h.clock.now()),
    });
    await h.queue.drain();
    expect(await sentTo()).toEqual(['+33698765432']);
  });
});

describe('the public API group', () => {
  it('/me routes need a signed-in customer', async () => {
    expect((await call('GET', '/api/public/me/preferences')).status).toBe(401);
    const bad = await call('POST', '/api/public/me/consent', {
      token: 'nope',
      body: {
        source: 'web',
        changes: [{ channel: 'sms', granted: true, wordingVersion: 'optin-sms-fr-2026-01' }],
      },
    });
    expect(bad.status).toBe(401);
    expect(await consentRecords({ customerId: 'cust-1' })).toHaveLength(0);
  });

  it.each([
    [
      'an unknown wording',
      [{ channel: 'sms', granted: true, wordingVersion: 'optin-sms-fr-1999-01' }],
      'unknown_wording',
    ],
    [
      'the words of another channel',
      [{ channel: 'sms', granted: true, wordingVersion: 'optin-whatsapp-fr-2026-01' }],
      'unknown_wording',
    ],
    [
      'the same channel twice',
      [
        { channel: 'sms', granted: true, wordingVersion: 'optin-sms-fr-2026-01' },
        { channel: 'sms', granted: false, wordingVersion: 'optout-sms-fr-2026-01' },
      ],
      'duplicate_channel',
    ],
    [
      'push for a walk-in (no app)',
      [{ channel: 'push', granted: true, wordingVersion: 'optin-push-fr-2026-01' }],
      'channel_not_offered',
    ],
    ['no change', [], 'invalid_request'],
  ])('rejects %s with a clear 400 and writes nothing', async (_label, changes, code) => {
    const id = await walkInWithLink();
    const res = await call('POST', `/api/public/links/${id}/consent`, { body: { changes } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    expect(await consentRecords({ clientId: 'c1' })).toHaveLength(0);
  });

  it('rejects malformed and oversized bodies with 4xx', async () => {
    const id = await walkInWithLink();
    expect((await call('POST', `/api/public/links/${id}/consent`, { body: '{nope' })).status).toBe(
      400,
    );
    const big = await call('POST', `/api/public/links/${id}/consent`, {
      body: JSON.stringify({ changes: [], pad: 'x'.repeat(20_000) }),
    });
    expect(big.status).toBe(413);
  });

  it('rate-limits id guessing per IP, with Retry-After', async () => {
    customer = build({ refusalsPerIp: { limit: 3, windowMs: 600_000 } });
    for (let i = 0; i < 3; i++) expect((await call('GET', `/t/Guess${i}abcde`)).status).toBe(404);
    const limited = await call('GET', '/t/Guess9abcde');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await call('GET', '/t/Guess9abcde', { ip: '198.51.100.1' })).status).toBe(404);
  });

  describe('behind Google’s front end, a forged X-Forwarded-For', () => {
    // What a Cloud Functions (2nd gen) instance receives: whatever the client sent, then the
    // address Google's front end saw, then its own hop (client-ip.ts).
    const GFE = '66.102.8.142';
    let n = 0;
    const forged = () => {
      const hops = 1 + (n++ % 7);
      return Array.from({ length: hops }, (_, i) => `198.18.${n % 250}.${(i * 37 + n) % 250}`);
    };
    const throughGoogle = (client: string) => [...forged(), client, GFE].join(', ');

    it('does not bypass the per-IP limit: rotating the left hops is the same client', async () => {
      customer = build({ refusalsPerIp: { limit: 3, windowMs: 600_000 } });
      const guess = (i: number, client = IP) =>
        call('GET', `/t/Guess${i}abcde`, { ip: throughGoogle(client) });
      for (let i = 0; i < 3; i++) expect((await guess(i)).status).toBe(404);
      for (let i = 3; i < 8; i++) expect((await guess(i)).status).toBe(429);
      // The forged hops did not move anyone else either: another client still gets through.
      expect((await guess(9, '198.51.100.1')).status).toBe(404);
    });

    it('does not change the IP hash recorded with the consent', async () => {
      const id = await walkInWithLink();
      const choose = (granted: boolean, ip: string) =>
        call('POST', `/api/public/links/${id}/consent`, {
          ip,
          body: {
            changes: [
              {
                channel: 'email',
                granted,
                wordingVersion: `${granted ? 'optin' : 'optout'}-email-fr-2026-01`,
              },
            ],
          },
        });
      expect((await choose(false, throughGoogle(IP))).status).toBe(200);
      expect((await choose(true, throughGoogle(IP))).status).toBe(200);
      expect((await choose(false, `${IP}, ${GFE}`)).status).toBe(200);
      expect((await choose(true, throughGoogle('198.51.100.1'))).status).toBe(200);
      const hashes = (await consentRecords({ clientId: 'c1' }))
        .sort((a, b) => a.at.toMillis() - b.at.toMillis())
        .map((r) => r.ipHash as string);
      expect(hashes).toHaveLength(4);
      const [first, second, plain, other] = hashes;
      expect(second).toBe(first);
      expect(plain).toBe(first);
      expect(first).toBe(hashIp(IP, h.deps.config.shortLinkSecret));
      expect(other).not.toBe(first);
    });
  });

  it('rate-limits consent changes per link, whatever the address', async () => {
    const id = await walkInWithLink();
    customer = build({ writesPerOwner: { limit: 2, windowMs: 600_000 } });
    const flip = (granted: boolean, ip: string) =>
      call('POST', `/api/public/links/${id}/consent`, {
        ip,
        body: {
          changes: [
            {
              channel: 'email',
              granted,
              wordingVersion: `${granted ? 'optin' : 'optout'}-email-fr-2026-01`,
            },
          ],
        },
      });
    expect((await flip(true, '198.51.100.1')).status).toBe(200);
    expect((await flip(false, '198.51.100.2')).status).toBe(200);
    const third = await flip(true, '198.51.100.3');
    expect(third.status).toBe(429);
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect(await consentRecords({ clientId: 'c1' })).toHaveLength(2);
  });

  it('answers CORS only for the customer app’s origin', async () => {
    const id = await walkInWithLink();
    const ok = await call('GET', `/api/public/links/${id}`, {
      headers: { origin: 'https://app.omega.test' },
    });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.omega.test');
    // The profile component reads Retry-After to say when to try again.
    expect(ok.headers.get('access-control-expose-headers')).toBe('retry-after');
    const other = await call('GET', `/api/public/links/${id}`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

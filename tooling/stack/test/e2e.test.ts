import type { Firestore } from 'firebase-admin/firestore';
import { Timestamp } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { formatReport } from '../src/demo/report.ts';
import { runDemo } from '../src/demo/run-demo.ts';
import { memorySink } from '../src/log.ts';
import { type Stack, startStack } from '../src/stack.ts';
import { until } from '../src/until.ts';

// The whole chain on real local parts: Firestore (embedded) → bridge → trigger → send queue →
// Twilio sandbox → signed status callback → webhook worker in workerd (wrangler dev) → its
// Queue → ingestion → notification_history. Starting wrangler dev and the Firebase CLI takes
// a while on a busy machine: one stack for the whole file.

const logs = memorySink(4000);
let stack: Stack;
let db: Firestore;

const WALK_IN = '+33612345678';
const at = Timestamp.fromDate(new Date('2026-01-05T10:00:00Z'));

type History = Record<string, unknown> & { id: string };

async function history(ticketId: string, kind: string, channel = 'sms'): Promise<History | null> {
  const snap = await db.collection('notification_history').where('ticketId', '==', ticketId).get();
  const doc = snap.docs.find((d) => d.get('kind') === kind && d.get('channel') === channel);
  return doc ? { ...(doc.data() as Record<string, unknown>), id: doc.id } : null;
}

beforeAll(async () => {
  stack = await startStack({
    env: { ...process.env, GCLOUD_PROJECT: 'demo-omega-e2e', STACK_SKIP: '' },
    ports: {
      firestore: 0,
      auth: 0,
      functions: 0,
      sandbox: 0,
      smtp: 0,
      mailWeb: 0,
      worker: 0,
      dashboard: 0,
    },
    dashboard: true,
    timings: 'instant',
    skip: ['scheduler'],
    backoffScale: 0.01,
    bridgeRetry: { attempts: 3, firstDelayMs: 100 },
    sink: logs,
  });
  db = stack.db;
  await db.doc('settings/notifications').set(
    {
      twilio: { smsFrom: 'OMEGA', whatsappFrom: 'whatsapp:+14155238886' },
      // Open around the clock: the test must not depend on the hour it runs at.
      sendWindow: { startHour: 0, endHour: 24, closedWeekdays: [], closedOnPublicHolidays: false },
    },
    { merge: true },
  );
  await db.doc('clients/c1').set({
    name: 'Jean Martin',
    firstName: 'Jean',
    phone: '06 12 34 56 78',
    consent: {
      sms: {
        channel: 'sms',
        granted: true,
        at,
        source: 'counter',
        actor: 'staff:e2e',
        wordingVersion: 'v1',
      },
    },
  });
});

afterAll(async () => {
  await stack?.stop();
});

function dumpLogsOnFailure() {
  onTestFailed(() => {
    console.log(logs.lines.slice(-300).join('\n'));
  });
}

describe('the local stack', () => {
  it('starts every piece and answers on each URL', async () => {
    dumpLogsOnFailure();
    expect(stack.pieces.map((p) => p.name).sort()).toEqual(
      [
        'auth',
        'customer',
        'dashboard',
        'firestore',
        'functions',
        'mail',
        'push',
        'storage',
        'twilio',
        'worker',
      ].sort(),
    );
    const pages = [
      `${stack.urls.twilio}/`,
      stack.urls.mail,
      stack.urls.push,
      `${stack.urls.functions}/`,
      `${stack.urls.worker}/health`,
      `${stack.urls.auth}/`,
    ];
    for (const url of pages) {
      const response = await fetch(url, { headers: { accept: 'text/html' } });
      expect(response.status, url).toBe(200);
    }
    // The Auth emulator really works: it signs up a user of the demo project.
    const signUp = await fetch(
      `${stack.urls.auth}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=fake-api-key`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: 'someone@omega.test',
          password: 'secret123',
          returnSecureToken: true,
        }),
      },
    );
    expect(signUp.status).toBe(200);
    expect(((await signUp.json()) as { idToken?: string }).idToken).toMatch(/\./);
  });

  it('serves the staff dashboard, whose sign-in and API reach the Auth emulator and the staff API', async () => {
    dumpLogsOnFailure();
    const dashboard = stack.urls.dashboard;
    if (!dashboard || !stack.staff) throw new Error('the e2e test runs with the dashboard');
    expect(stack.table()).toContain(`dashboard  ${dashboard}`);
    const html = await (await fetch(dashboard, { headers: { accept: 'text/html' } })).text();
    expect(html).toContain('<div id="root">');
    expect(html).toContain('/src/main.tsx');
    // Through the dashboard's origin: the staff API function answers…
    const health = await fetch(`${dashboard}api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true });
    const anonymous = await fetch(`${dashboard}api/staff/me`);
    expect(anonymous.status).toBe(401);
    // …the local staff account signs in against the Auth emulator, as the sign-in page does…
    const signIn = await fetch(
      `${dashboard}identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=fake-api-key`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: stack.staff.email,
          password: stack.staff.password,
          returnSecureToken: true,
        }),
      },
    );
    expect(signIn.status).toBe(200);
    const { idToken } = (await signIn.json()) as { idToken: string };
    // …and the API verifies its token and its claims.
    const me = await fetch(`${dashboard}api/staff/me`, {
      headers: { authorization: `Bearer ${idToken}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: stack.staff.email, admin: true });
  });

  it('a ticket status change reaches the customer and comes back delivered with its cost', async () => {
    dumpLogsOnFailure();
    await db.doc('tickets/t1').set({
      clientId: 'c1',
      customerId: null,
      device: 'iPhone 13',
      status: 'received',
      trackingCode: 'OM-2601-0001',
      appointmentAt: null,
    });
    // The creation is announced (walk-in welcome) before the status changes.
    await until('the welcome SMS', () => history('t1', 'walk_in_welcome'));
    await db.doc('tickets/t1').update({ status: 'completed', completedAt: new Date() });

    const planned = await until('the status_completed history document', () =>
      history('t1', 'status_completed'),
    );
    // The send queue ran the deployed task handler, which sent through the Twilio SDK to the
    // sandbox: the message exists there, addressed to the customer, with our callback URL.
    const sandbox = stack.sandbox;
    if (!sandbox) throw new Error('the e2e test runs with the sandbox');
    const message = await until('the Twilio request in the sandbox', async () =>
      sandbox.messages().find((m) => String(m.status_callback ?? '').includes(`n=${planned.id}`)),
    );
    expect(message.to).toBe(WALK_IN);
    // The SMS carries the ticket's short link; the sandbox's inbox opens it on the local
    // functions server, where /t/<id> is the customer landing page (customerApi's alias).
    const link = /https:\/\/[^/\s]+\/t\/([A-Za-z0-9_-]+)/.exec(String(message.body));
    expect(link, String(message.body)).not.toBeNull();
    const inbox = await (await fetch(`${stack.urls.twilio}/`)).text();
    expect(inbox).toContain(`<a href="${stack.urls.functions}/t/${link?.[1]}"`);
    const landing = await fetch(`${stack.urls.functions}/t/${link?.[1]}`);
    if (stack.urls.customer) {
      expect(stack.urls.customer).toBe(stack.urls.functions);
      expect(landing.status).toBe(200);
      expect(landing.headers.get('content-type')).toMatch(/html/);
    } else {
      // Until @omega/functions exports customerApi, the alias says so.
      expect(landing.status).toBe(404);
      expect(await landing.text()).toMatch(/customerApi.*does not export/);
    }
    expect(String(message.status_callback)).toBe(
      `${stack.urls.edgePublic}/twilio/status?n=${planned.id}#rc=3&rp=ct,rt,5xx`,
    );

    // Every signed status callback was accepted by the worker in workerd (a bad signature
    // would get 403, a refused queue 503)…
    const record = await until('the final callback', async () => {
      const m = sandbox.message(String(message.sid));
      const done = m?.callbacks.some((c) => c.params.MessageStatus === 'delivered');
      return m && done && m.callbacks.every((c) => c.finished) ? m : null;
    });
    expect(record.callbacks.map((c) => c.params.MessageStatus)).toEqual([
      'sending',
      'sent',
      'delivered',
    ]);
    for (const callback of record.callbacks)
      expect(callback.attempts.at(-1)?.status, callback.params.MessageStatus).toBe(204);

    // …queued, forwarded to ingestion, and the history document now reads delivered, with its cost.
    // (Callbacks are ingested concurrently: the summary status can read delivered a moment
    // before the delivered callback's own write adds deliveredAt.)
    const delivered = await until('the history to read delivered', async () => {
      const h = await history('t1', 'status_completed');
      return h && h.status === 'delivered' && h.deliveredAt ? h : null;
    });
    const metadata = delivered.metadata as {
      twilioMessageId: string;
      cost: number;
      segments: number;
    };
    expect(metadata.twilioMessageId).toBe(message.sid);
    expect(metadata.segments).toBeGreaterThanOrEqual(1);
    expect(metadata.cost).toBeCloseTo(0.075 * metadata.segments, 6);
    expect(delivered.deliveredAt).toBeInstanceOf(Timestamp);
  });

  it('a restart of the triggers sends nothing again', async () => {
    dumpLogsOnFailure();
    const before = stack.sandbox?.messages().length;
    await stack.functions.pauseTriggers();
    await stack.functions.resumeTriggers();
    await db.doc('tickets/t1').update({ device: 'iPhone 13 (128 Go)' }); // not a status change
    await new Promise((r) => setTimeout(r, 1500));
    await stack.functions.settle();
    expect(stack.sandbox?.messages().length).toBe(before);
  });

  it('an inbound STOP withdraws consent and suppresses the next SMS', async () => {
    dumpLogsOnFailure();
    const sandbox = stack.sandbox;
    if (!sandbox) throw new Error('the e2e test runs with the sandbox');
    const reply = await sandbox.simulateInbound({ from: WALK_IN, body: 'STOP' });
    if (!reply.ok) throw new Error(`inbound refused: ${JSON.stringify(reply.error)}`);
    // The worker accepted the signed inbound webhook (TwiML answer) and queued it.
    expect(reply.value.webhook?.attempts.at(-1)?.status).toBe(200);
    await until('the suppression of the number', async () => {
      const snap = await db.doc(`suppressions/${WALK_IN}`).get();
      return snap.exists;
    });
    const withdrawn = await until('a consent record from the keyword', async () => {
      const snap = await db.collection('consent_log').where('e164', '==', WALK_IN).get();
      return snap.docs.find((d) => d.get('granted') === false && d.get('source') === 'keyword');
    });
    expect(withdrawn.get('channel')).toBe('sms');

    const sentBefore = sandbox
      .messages()
      .filter((m) => m.to === WALK_IN && m.direction === 'outbound-api');
    await db.doc('tickets/t1').update({ status: 'picked_up' });
    const skipped = await until('the picked_up notification', () =>
      history('t1', 'status_picked_up'),
    );
    expect(skipped.status).toBe('skipped');
    expect(skipped.skipReason).toBe('suppressed');
    await stack.functions.settle();
    const sentAfter = sandbox
      .messages()
      .filter((m) => m.to === WALK_IN && m.direction === 'outbound-api');
    // Nothing about the ticket went to the number after the STOP (an opt-out confirmation, if
    // the pipeline sends one, is the only message allowed).
    const extra = sentAfter.filter((m) => !sentBefore.some((b) => b.sid === m.sid));
    expect(
      extra.filter((m) => !/STOP|désabonn|désinscri|plus de messages/i.test(String(m.body))),
    ).toEqual([]);
  });

  it('a WhatsApp tap on "J\'accepte le devis" goes through workerd, decides the quote once and emails the shop', async () => {
    dumpLogsOnFailure();
    const sandbox = stack.sandbox;
    if (!sandbox) throw new Error('the e2e test runs with the sandbox');
    const WA = '+33698765432';
    await db
      .doc('settings/notifications')
      .set({ shopEmail: 'atelier@omega-e2e.test' }, { merge: true });
    await db
      .doc('clients/c9')
      .set({ name: 'Zoé Durand', firstName: 'Zoé', phone: null, customerId: 'u9' });
    await db.doc('customer_profiles/u9').set({
      firstName: 'Zoé',
      lastName: 'Durand',
      email: null,
      phoneNumber: WA,
      notificationPreferences: {
        emailEnabled: false,
        smsEnabled: false,
        whatsappEnabled: true,
        pushEnabled: false,
      },
      pushTokens: [],
      clientId: 'c9',
    });
    await db.doc('tickets/t9').set({
      clientId: 'c9',
      customerId: 'u9',
      device: 'Pixel 8',
      status: 'diagnosing',
      trackingCode: 'OM-2601-0009',
      appointmentAt: null,
      amountDueEur: 249,
    });
    await until('the ticket received on WhatsApp', () =>
      history('t9', 'ticket_received', 'whatsapp'),
    );
    await db.doc('tickets/t9').update({ status: 'quote_pending' });
    const quote = await until('the quote on WhatsApp', async () => {
      const h = await history('t9', 'status_quote_pending', 'whatsapp');
      return h?.sentAt ? h : null;
    });
    expect(quote.status).not.toBe('skipped');

    const tap = await sandbox.simulateInbound({
      from: `whatsapp:${WA}`,
      body: "J'accepte le devis",
      buttonPayload: 'ticket:t9:quote_accept',
      buttonText: "J'accepte le devis",
    });
    if (!tap.ok) throw new Error(`inbound refused: ${JSON.stringify(tap.error)}`);
    expect(tap.value.webhook?.attempts.at(-1)?.status).toBe(200);
    const sid = tap.value.message.sid;
    const decided = await until('the decision on the ticket', async () => {
      const t = await db.doc('tickets/t9').get();
      return t.get('quoteDecision') ? t : null;
    });
    expect(decided.get('quoteDecision')).toBe('accepted');
    expect(decided.get('quoteDecisionAmountEur')).toBe(249);
    const logs = await db.collection('ticket_actions').where('ticketId', '==', 't9').get();
    expect(logs.docs.map((d) => [d.id, d.get('outcome')])).toEqual([[`sid_${sid}`, 'applied']]);
    // The confirmation reached the customer through the pipeline; the shop's email the catcher
    // (its outbox document's trigger, fired by the bridge).
    await until('the confirmation in the sandbox', async () =>
      sandbox
        .messages()
        .find((m) => m.to === `whatsapp:${WA}` && /accord pour le devis/.test(String(m.body))),
    );
    const outbox = await until('the shop email sent', async () => {
      const d = await db.doc(`shop_emails/sid_${sid}`).get();
      return d.get('status') === 'sent' ? d : null;
    });
    expect(outbox.get('to')).toBe('atelier@omega-e2e.test');
    const apiUrl = stack.mail.apiUrl;
    if (!apiUrl) throw new Error('the e2e test runs with the mail catcher');
    const mails = (await (await fetch(`${apiUrl}/api/email`)).json()) as Array<{
      subject?: string;
    }>;
    expect(
      mails.filter((m) => /Devis de 249 € accepté — Pixel 8/.test(String(m.subject))),
    ).toHaveLength(1);
  });

  it('pnpm demo walks its customers and reports what was sent, where, at what cost, and what was not and why', async () => {
    dumpLogsOnFailure();
    const reports = await runDemo({
      db,
      sandboxUrl: stack.urls.twilio,
      stepMs: 300,
      settleMs: 30_000,
      log: () => {},
    });
    const byName = (name: string) => {
      const report = reports.find((r) => r.customer.label.startsWith(name));
      if (!report) throw new Error(`no report for ${name}`);
      return report;
    };
    const sent = (name: string, channel: string) =>
      byName(name)
        .lines.filter((l) => l.sent && l.channel === channel)
        .map((l) => `${l.kind}:${l.status}:${l.costEur}`);

    // Jean: every status by SMS until his STOP, then nothing, and why.
    expect(sent('Jean', 'sms')).toEqual([
      'walk_in_welcome:delivered:0.075',
      'status_diagnosing:delivered:0.075',
      'status_in_repair:delivered:0.075',
      'status_completed:delivered:0.075',
    ]);
    const jean = byName('Jean');
    expect(
      jean.lines.find((l) => l.kind === 'status_picked_up' && l.channel === 'sms'),
    ).toMatchObject({
      sent: false,
      reason: expect.stringMatching(/^suppressed — /),
    });
    expect(jean.replies).toEqual([{ body: 'STOP', intent: 'opt_out' }]);
    expect(jean.suppressed).toBe(true);

    // Zoé: email and push on every status; her HORAIRES question is stored and understood.
    expect(sent('Zoé', 'email').map((s) => s.split(':')[0])).toEqual([
      'ticket_received',
      'status_waiting_for_parts',
      'status_completed',
    ]);
    expect(byName('Zoé').replies).toEqual([{ body: 'HORAIRES', intent: 'hours' }]);

    // Ahmed: a landline and no consent: nothing sent, each channel with its reason.
    const ahmed = byName('Ahmed');
    expect(ahmed.lines.every((l) => !l.sent)).toBe(true);
    expect(
      ahmed.lines.find((l) => l.kind === 'walk_in_welcome' && l.channel === 'sms')?.reason,
    ).toMatch(/^not_sms_capable — /);
    expect(ahmed.costEur).toBe(0);

    // Maëlys: La Réunion is priced in the overseas zone.
    expect(sent('Maëlys', 'sms')).toEqual([
      'walk_in_welcome:delivered:0.11',
      'status_completed:delivered:0.11',
    ]);

    const printed = formatReport(reports);
    expect(printed).toContain('Jean Martin — walk-in, SMS consent ticked at the counter');
    expect(printed).toContain('← "STOP" understood as opt_out');
    expect(printed).toMatch(/All customers: \d+\.\d{4} € estimated/);
  });
});

import { join } from 'node:path';
import { ensureStaffUser, memorySink, type Stack } from '@omega/stack';
import type { Firestore } from 'firebase-admin/firestore';
import { Timestamp } from 'firebase-admin/firestore';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { launchChromium, pageChecker } from './support/browser.ts';
import {
  DASHBOARD_DIR,
  type DashboardStack,
  startDashboardStack,
} from './support/dashboard-stack.ts';
import { until } from './support/wait.ts';

// Real Chromium (Debian's) against the whole local system: startStack() runs Firestore, the Auth
// emulator, the functions (the staff API among them), the Twilio sandbox and the webhook worker;
// the dashboard's production build is served by `vite preview`, which proxies /api to the staff
// API function and the Identity Toolkit paths to the Auth emulator (same origin, like Hosting),
// with the stack's own dashboard wiring (`dashboardServerConfig`, also behind `pnpm dev`).

const shots = join(DASHBOARD_DIR, 'test-results', 'screenshots');
const logs = memorySink(4000);
const STAFF = { email: 'gerant@omega.test', password: 'motdepasse-e2e' };
const CUSTOMER_PHONE = '06 12 34 56 78';
const CHAT = '+33698765432';

let local: DashboardStack;
let stack: Stack;
let db: Firestore;
let browser: Browser;
let page: Page;
let origin: string;
const checker = pageChecker(shots);
const violations = checker.violations;

/** axe-core on the current page (serious and critical violations) and a full-page screenshot. */
const check = (name: string) => checker.check(page, name);

async function seed() {
  const now = Timestamp.now();
  await db.doc('settings/notifications').set(
    {
      twilio: { smsFrom: 'OMEGA', whatsappFrom: 'whatsapp:+14155238886' },
      sendWindow: { startHour: 0, endHour: 24, closedWeekdays: [], closedOnPublicHolidays: false },
      budget: { monthlyEur: 50 },
    },
    { merge: true },
  );
  await db.doc('clients/c1').set({ name: 'Jean Martin', firstName: 'Jean', phone: CUSTOMER_PHONE });
  await db.doc('tickets/t1').set({
    clientId: 'c1',
    customerId: null,
    device: 'iPhone 13',
    status: 'received',
    trackingCode: 'OM-2603-0001',
    createdAt: now,
    updatedAt: now,
  });
  // A landline and a repair in the shop: on the "who can't we reach?" worklist.
  await db
    .doc('clients/c3')
    .set({ name: 'Chloé Fixe', firstName: 'Chloé', phone: '01 42 68 53 00' });
  await db.doc('tickets/t3').set({
    clientId: 'c3',
    customerId: null,
    device: 'Galaxy S21',
    status: 'waiting_for_parts',
    trackingCode: 'OM-2603-0003',
    createdAt: now,
    updatedAt: now,
  });
  await db
    .doc('clients/c2')
    .set({ name: 'Inès Bernard', firstName: 'Inès', phone: CHAT, whatsappLastInboundAt: now });
  await db.doc(`conversations/${CHAT}`).set({
    e164: CHAT,
    customerId: null,
    clientId: 'c2',
    channel: 'whatsapp',
    lastInboundAt: now,
    lastOutboundAt: null,
    lastMessagePreview: 'Mon écran reste noir après la réparation',
    unread: 1,
    escalatedAt: now,
    lastAutoAckAt: now,
  });
  await db.doc(`conversations/${CHAT}/messages/SMinbound1`).set({
    direction: 'inbound',
    channel: 'whatsapp',
    body: 'Mon écran reste noir après la réparation',
    buttonPayload: null,
    ticketId: null,
    at: now,
    notificationId: null,
    intent: null,
  });
}

beforeAll(async () => {
  local = await startDashboardStack({
    projectId: 'demo-omega-dashboard',
    sink: logs,
    outDir: 'e2e-dist',
  });
  ({ stack, origin } = local);
  db = stack.db;
  await seed();
  const authOrigin = stack.urls.auth;
  if (!authOrigin) throw new Error('the stack started without the Auth emulator');
  await ensureStaffUser(authOrigin, stack.projectId, {
    ...STAFF,
    claims: { staff: true, admin: true },
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await local?.stop();
});

describe('the staff dashboard in Chromium', () => {
  it('runs a counter day: sign in, consent, a status change delivered, a conversation, an urgent message, the budget', async () => {
    onTestFailed(async () => {
      console.log(logs.lines.slice(-80).join('\n'));
      await page.screenshot({ path: join(shots, 'failure.png'), fullPage: true });
    });

    // Sign in as staff.
    await page.goto(origin);
    await page.getByLabel('Adresse e-mail').waitFor();
    await check('01-sign-in');
    await page.getByLabel('Adresse e-mail').fill(STAFF.email);
    await page.getByLabel('Mot de passe').fill(STAFF.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();

    // Overview.
    await page.getByRole('heading', { name: "Vue d'ensemble" }).waitFor();
    await page.getByRole('heading', { name: 'Couverture' }).waitFor();
    await check('02-overview');

    // Find the customer and grant SMS consent at the counter.
    await page.getByRole('link', { name: 'Clients' }).click();
    // Below the search, who the shop cannot reach and what to do about it at the counter.
    const worklist = page.getByRole('list', { name: 'Qui ne pouvons-nous pas joindre ?' });
    const chloe = worklist.getByRole('listitem').filter({ hasText: 'Chloé Fixe' }).first();
    await chloe.waitFor();
    expect(await chloe.textContent()).toContain('Le numéro est une ligne fixe : pas de SMS.');
    expect(await chloe.textContent()).toContain('Demander un numéro de portable.');
    expect(await chloe.getByRole('link', { name: 'Chloé Fixe' }).getAttribute('href')).toBe(
      '/customers/client/c3',
    );
    await page.getByLabel('Rechercher un client').fill('Jean');
    await page.getByRole('link', { name: 'Jean Martin' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jean Martin' }).waitFor();
    await page.getByRole('checkbox', { name: /Modifier : SMS/ }).click();
    await page.getByText(/J'accepte de recevoir par SMS/).waitFor();
    await page.getByRole('button', { name: 'Enregistrer l’accord' }).click();
    await page.getByRole('cell', { name: 'optin-sms-fr-2026-01' }).waitFor();
    const consent = await db.collection('consent_log').where('clientId', '==', 'c1').get();
    expect(consent.docs.map((d) => [d.get('channel'), d.get('granted'), d.get('source')])).toEqual([
      ['sms', true, 'counter'],
    ]);
    await check('03-customer');

    // The shop's app changes the ticket's status in Firestore: the message appears, delivered.
    await db.doc('tickets/t1').update({ status: 'diagnosing', updatedAt: Timestamp.now() });
    await until('the diagnosing SMS delivered', async () => {
      const snap = await db.collection('notification_history').where('ticketId', '==', 't1').get();
      return snap.docs.some(
        (d) =>
          d.get('kind') === 'status_diagnosing' &&
          d.get('channel') === 'sms' &&
          d.get('status') === 'delivered',
      );
    });
    await page.getByRole('link', { name: 'Messages' }).click();
    const row = page
      .getByRole('row')
      .filter({ hasText: 'Diagnostic en cours' })
      .filter({ hasText: 'SMS' });
    await row.locator('summary').getByText('Distribué').waitFor();
    await check('04-messages');

    // Answer the escalated WhatsApp conversation inside the window. The API sends the reply but
    // its answer is lost on the way back: the dashboard asks again with the same key, and the
    // customer gets one message.
    const REPLY_ROUTE = '**/api/staff/conversations/*/reply';
    const replyKeys: string[] = [];
    const onRequest = (r: {
      url(): string;
      method(): string;
      headers(): Record<string, string>;
    }) => {
      if (r.method() === 'POST' && r.url().endsWith('/reply'))
        replyKeys.push(r.headers()['idempotency-key'] ?? '');
    };
    page.on('request', onRequest);
    let answersLost = 0;
    await page.route(REPLY_ROUTE, async (route) => {
      if (answersLost++ > 0) return route.continue();
      await route.fetch(); // reaches the API, which sends the message
      await route.abort('connectionreset');
    });
    await page.getByRole('link', { name: 'Conversations' }).click();
    await page.getByRole('button', { name: /Inès Bernard/ }).click();
    await page.getByText(/Fenêtre WhatsApp ouverte/).waitFor();
    await page
      .getByLabel('Votre réponse')
      .fill('Bonjour Inès, passez à la boutique, nous regardons tout de suite.');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByText('Réponse envoyée.').waitFor();
    await page.unroute(REPLY_ROUTE);
    page.off('request', onRequest);
    expect(replyKeys).toHaveLength(2);
    expect(replyKeys[1]).toBe(replyKeys[0]);
    expect(replyKeys[0]).toMatch(/^[0-9a-f-]{36}$/);
    const sent = stack.sandbox?.messages().filter((m) => m.to === `whatsapp:${CHAT}`) ?? [];
    expect(
      sent
        .map((m) => m.body)
        .filter((b) => b === 'Bonjour Inès, passez à la boutique, nous regardons tout de suite.'),
    ).toHaveLength(1);
    await check('05-conversations');

    // Send an urgent message about the ticket.
    await page.getByRole('link', { name: 'Clients' }).click();
    await page.getByLabel('Rechercher un client').fill('Jean');
    await page.getByRole('link', { name: 'Jean Martin' }).click();
    await page
      .getByLabel(/Message urgent au client/)
      .fill('Votre iPhone est prêt plus tôt que prévu.');
    await page.getByRole('button', { name: 'Envoyer le message urgent' }).click();
    await page.getByText(/Message planifié sur : SMS/).waitFor();
    await until('the urgent message recorded', async () => {
      const snap = await db.collection('notification_history').where('ticketId', '==', 't1').get();
      return snap.docs.some(
        (d) => d.get('kind') === 'staff_urgent' && d.get('priority') === 'critical',
      );
    });

    // Consent given at the counter for the ticket's customer: WhatsApp, with the words read out.
    await page.getByRole('button', { name: 'Accord au comptoir' }).click();
    await page.getByText(/J'accepte de recevoir sur WhatsApp/).waitFor();
    await page.getByRole('checkbox', { name: 'Le client accepte : WhatsApp' }).check();
    await page.getByRole('button', { name: 'Enregistrer l’accord au comptoir' }).click();
    await page.getByText('Accord enregistré : WhatsApp.').waitFor();
    const whatsappConsent = await db
      .collection('consent_log')
      .where('clientId', '==', 'c1')
      .where('channel', '==', 'whatsapp')
      .get();
    expect(
      whatsappConsent.docs.map((d) => [d.get('granted'), d.get('source'), d.get('wordingVersion')]),
    ).toEqual([[true, 'counter', 'optin-whatsapp-fr-2026-01']]);
    await check('05b-counter-consent');

    // Templates with their live counter.
    await page.getByRole('link', { name: 'Modèles' }).click();
    await page.getByText('Segments SMS').first().waitFor();
    await check('06-templates');

    // Change the budget.
    await page.getByRole('link', { name: 'Réglages' }).click();
    await page.getByLabel('Budget mensuel (€)').fill('120');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Enregistré.').waitFor();
    expect((await db.doc('settings/notifications').get()).get('budget.monthlyEur')).toBe(120);
    await check('07-settings');

    expect(violations).toEqual(checker.clean());
  });
});

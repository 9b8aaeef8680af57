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
  // Inès accepted a €249 quote with the WhatsApp button, then tapped "Appelez-moi": the
  // documents the customer-action writer leaves (ticket fields and `ticket_actions`, as
  // docs/data-model.md describes them).
  const quoteAt = Timestamp.fromMillis(now.toMillis() - 3_600_000);
  await db.doc('tickets/t4').set({
    clientId: 'c2',
    customerId: null,
    device: 'Pixel 7',
    status: 'in_repair',
    trackingCode: 'OM-2603-0004',
    amountDueEur: 249,
    quoteDecision: 'accepted',
    quoteDecidedAt: quoteAt,
    quoteDecisionActionId: 'sid_SMquoteaccept1',
    quoteDecisionAmountEur: 249,
    callbackRequestedAt: now,
    lastCustomerAction: { action: 'call_me', at: now, actionId: 'sid_SMcallme1' },
    createdAt: quoteAt,
    updatedAt: now,
  });
  const action = (fields: Record<string, unknown>) => ({
    ticketId: 't4',
    outcome: 'applied',
    reason: null,
    reasonText: null,
    channel: 'whatsapp',
    via: 'whatsapp_button',
    linkId: null,
    nonce: null,
    ipHash: null,
    customerId: null,
    clientId: 'c2',
    ticketClientId: 'c2',
    handledAt: null,
    handledBy: null,
    ...fields,
  });
  await db.doc('ticket_actions/sid_SMquoteaccept1').set(
    action({
      action: 'quote_accept',
      messageSid: 'SMquoteaccept1',
      shown: {
        text: 'Votre devis pour le Pixel 7 : remplacement de l’écran, 249,00 €.',
        amountEur: 249,
        notificationId: null,
      },
      at: quoteAt,
      staffTodo: false,
      staffPriority: 2,
    }),
  );
  await db.doc('ticket_actions/sid_SMcallme1').set(
    action({
      action: 'call_me',
      messageSid: 'SMcallme1',
      shown: { text: 'Appelez-moi', amountEur: null, notificationId: null },
      at: now,
      staffTodo: true,
      staffPriority: 0,
    }),
  );
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
    // "À traiter" on top: Inès's callback, her conversation marked; handled from the inbox.
    const todo = page.getByRole('region', { name: 'À traiter' });
    const callback = todo.getByRole('listitem').filter({ hasText: 'Demande à être rappelé' });
    await callback.waitFor();
    expect(await callback.textContent()).toContain('Inès Bernard');
    expect(await callback.textContent()).toContain('Pixel 7 · OM-2603-0004');
    await page
      .locator('.conversation-list')
      .getByRole('button', { name: /Inès Bernard/ })
      .getByText('Demande à traiter')
      .waitFor();
    await check('05a-todo');
    await todo
      .getByRole('button', { name: 'Traité : Demande à être rappelé, Inès Bernard' })
      .click();
    await todo.getByText('Rien à traiter.').waitFor();
    const handled = (await db.doc('ticket_actions/sid_SMcallme1').get()).data() ?? {};
    expect(handled.staffTodo).toBe(false);
    expect(handled.handledAt).toBeInstanceOf(Timestamp);
    expect(typeof handled.handledBy === 'string' && handled.handledBy.length > 0).toBe(true);
    expect(await page.locator('.conversation-list').textContent()).not.toContain(
      'Demande à traiter',
    );
    await page
      .locator('.conversation-list')
      .getByRole('button', { name: /Inès Bernard/ })
      .click();
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

    // Inès's ticket: the accepted quote with its proof, the callback handled.
    await page.getByRole('link', { name: 'Clients' }).click();
    await page.getByLabel('Rechercher un client').fill('Inès');
    await page.getByRole('link', { name: 'Inès Bernard' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inès Bernard' }).waitFor();
    const pixel = page.getByRole('article').filter({ hasText: 'OM-2603-0004' });
    await pixel
      .getByText(/^Devis accepté le \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} via WhatsApp, 249,00\s€$/)
      .waitFor();
    await pixel.getByText(/^Rappel demandé le .*, traité le /).waitFor();
    await pixel.getByRole('button', { name: 'Journal des réponses (2)' }).click();
    const log = pixel.getByRole('list', { name: 'Journal des réponses du client' });
    const entries = (await log.getByRole('listitem').allTextContents()).map((e) =>
      e.replace(/\s+/g, ' '),
    );
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatch(
      /^Demande à être rappelé · WhatsApp · .* message SMcallme1 traité le /,
    );
    expect(entries[1]).toContain('Devis accepté · WhatsApp');
    expect(entries[1]).toContain('message SMquoteaccept1');
    expect(entries[1]).toContain(
      'Texte affiché : « Votre devis pour le Pixel 7 : remplacement de l’écran, 249,00 €. » (249,00 €)',
    );
    await check('05c-ticket-actions');

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

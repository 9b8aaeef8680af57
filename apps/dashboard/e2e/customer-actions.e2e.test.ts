import { join } from 'node:path';
import { memorySink, type Stack, startStack } from '@omega/stack';
import type { Firestore } from 'firebase-admin/firestore';
import { Timestamp } from 'firebase-admin/firestore';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { launchChromium, pageChecker } from './support/browser.ts';
import { DASHBOARD_DIR } from './support/dashboard-stack.ts';
import { until } from './support/wait.ts';

// Issue 16: an SMS customer (alphanumeric sender, no replies) accepts a €249 quote from the
// landing page behind the exact link of the SMS the Twilio sandbox received, on a phone-sized
// Chromium against startStack(): the ticket gets its decision once, the action log keeps the
// words shown with the amount, the shop's email reaches the mail catcher, and a second tab still
// showing the forms (opened from an email's decline link) is refused with its reason.

const shots = join(DASHBOARD_DIR, 'test-results', 'screenshots');
const logs = memorySink(4000);
const WALK_IN = { phone: '06 22 33 44 55', e164: '+33622334455' };
const SHOP_EMAIL = 'atelier@omega.test';
const DETAILS = 'Remplacement de l’écran OLED d’origine et du joint d’étanchéité, garantie 6 mois.';
const SHORT_LINK = /https:\/\/omega\.test\/t\/[A-Za-z0-9_-]+/;

let stack: Stack;
let db: Firestore;
let browser: Browser;
const checker = pageChecker(shots);

/** What the sandbox received for `to`, newest first. */
function smsTo(to: string): Array<Record<string, unknown>> {
  const sandbox = stack.sandbox;
  if (!sandbox) throw new Error('the e2e test runs with the Twilio sandbox');
  return sandbox.messages().filter((m) => m.to === to);
}

/** The emails the mail catcher holds (maildev's REST API). */
async function caughtEmails(): Promise<
  Array<{ subject?: string; text?: string; to?: Array<{ address: string }> }>
> {
  if (!stack.mail.apiUrl) throw new Error('the e2e test runs with the mail catcher');
  const res = await fetch(`${stack.mail.apiUrl}/api/email`);
  if (!res.ok) throw new Error(`maildev answered ${res.status}`);
  return (await res.json()) as Array<{ subject?: string; text?: string }>;
}

/**
 * A phone-sized context on which `https://omega.test/**` (the short-link domain) is answered by
 * the local customer origin, as Hosting's rewrite to customerApi does in production (same as the
 * customer suite): the public host passed as `x-forwarded-host` (the forms check it), redirects
 * handed back to the browser. Its CSP (no script) is bypassed for axe-core only.
 */
async function phoneOnShortLinkDomain(): Promise<BrowserContext> {
  const customer = stack.urls.customer;
  if (!customer) throw new Error('@omega/functions exports no customerApi');
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'fr-FR',
    bypassCSP: true,
  });
  await context.route('https://omega.test/**', async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    const response = await route.fetch({
      url: `${customer}${url.pathname}${url.search}`,
      headers: { ...request.headers(), 'x-forwarded-host': url.host, 'x-forwarded-proto': 'https' },
      maxRedirects: 0,
    });
    await route.fulfill({ response });
  });
  return context;
}

beforeAll(async () => {
  stack = await startStack({
    env: {
      ...process.env,
      GCLOUD_PROJECT: 'demo-omega-actions',
      STACK_SKIP: '',
      SHORT_LINK_DOMAIN: 'omega.test',
    },
    ports: { firestore: 0, auth: 0, functions: 0, sandbox: 0, smtp: 0, mailWeb: 0, worker: 0 },
    timings: 'instant',
    skip: ['scheduler', 'dashboard'],
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
      budget: { monthlyEur: 50 },
      shopEmail: SHOP_EMAIL,
    },
    { merge: true },
  );
  browser = await launchChromium();
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('customer actions on the landing page in Chromium', () => {
  it('accepts a €249 quote from the link of the quote SMS: decided once, logged with the amount shown, the shop emailed; a second tab is refused with its reason', async () => {
    let page: Page | undefined;
    let tab2: Page | undefined;
    onTestFailed(async () => {
      console.log(logs.lines.slice(-150).join('\n'));
      await page?.screenshot({ path: join(shots, 'actions-failure.png'), fullPage: true });
      await tab2?.screenshot({ path: join(shots, 'actions-failure-tab2.png'), fullPage: true });
    });

    // A walk-in's repair, written as the shop's app does; the diagnosis ends with a quote.
    const at = Timestamp.now();
    await db
      .doc('clients/wq')
      .set({ name: 'Karim Benali', firstName: 'Karim', phone: WALK_IN.phone });
    await db.doc('tickets/tq').set({
      clientId: 'wq',
      customerId: null,
      device: 'iPhone 14 Pro',
      status: 'diagnosing',
      trackingCode: 'OM-2612-0249',
      createdAt: at,
      updatedAt: at,
    });
    await until('the first SMS of the repair', async () => smsTo(WALK_IN.e164).length > 0);
    const before = new Set(smsTo(WALK_IN.e164).map((m) => m.sid));
    await db.doc('tickets/tq').update({
      status: 'quote_pending',
      amountDueEur: 249,
      quoteDetails: DETAILS,
      updatedAt: Timestamp.now(),
    });

    // The quote's SMS: its history document names the very message the sandbox received.
    const quoteSid = await until('the status_quote_pending SMS sent', async () => {
      const snap = await db.collection('notification_history').where('ticketId', '==', 'tq').get();
      const doc = snap.docs.find(
        (d) => d.get('kind') === 'status_quote_pending' && d.get('channel') === 'sms',
      );
      return doc?.get('metadata.twilioMessageId') as string | undefined;
    });
    const sms = await until('the quote SMS in the sandbox', async () =>
      smsTo(WALK_IN.e164).find((m) => m.sid === quoteSid && !before.has(m.sid)),
    );
    const link = SHORT_LINK.exec(String(sms.body))?.[0] as string;
    expect(link, String(sms.body)).toMatch(SHORT_LINK);

    // That very URL, on a phone: the quote with its amount and text, and its two answers.
    const context = await phoneOnShortLinkDomain();
    page = await context.newPage();
    expect((await page.goto(link))?.status()).toBe(200);
    const answer = page.getByRole('region', { name: 'Votre réponse' });
    await answer.getByText('249 €', { exact: true }).waitFor();
    await answer.getByText(DETAILS).waitFor();
    const accept = answer.getByRole('button', { name: "J'accepte le devis" });
    const decline = answer.getByRole('button', { name: 'Je refuse le devis' });
    await accept.waitFor();
    await decline.waitFor();
    // The button is described by what it agrees to.
    expect(await accept.getAttribute('aria-describedby')).toBe('devis action-quote_accept-texte');
    await answer
      .getByText("J'accepte ce devis de 249 € : la boutique lance la réparation.")
      .waitFor();
    // Thumb-sized and inside the viewport's width.
    const box = await accept.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
    await checker.check(page, 'actions-01-quote-forms');

    // A second tab, opened from the email's decline link: the form focused, nothing acted on.
    tab2 = await context.newPage();
    expect((await tab2.goto(`${link}?action=quote_decline`))?.status()).toBe(200);
    await tab2.getByText('Confirmez votre réponse :').waitFor();
    const focused = tab2.getByRole('button', { name: 'Je refuse le devis' });
    await until('the email’s action focused', async () =>
      focused.evaluate((el) => el === document.activeElement),
    );
    // Scrolled to: the focused button is on screen.
    expect(
      await focused.evaluate((el) => el.getBoundingClientRect().bottom <= window.innerHeight),
    ).toBe(true);
    expect((await db.doc('tickets/tq').get()).get('quoteDecision')).toBeUndefined();

    // Back to the first tab: accept with one tap.
    await page.bringToFront();
    await accept.tap();
    await page
      .getByRole('status')
      .filter({
        hasText: 'votre accord pour le devis est bien enregistré. Nous lançons la réparation.',
      })
      .waitFor();
    expect(page.url()).toBe(`${link}?reponse=quote_accept#actions`);
    await page.getByText(/^Devis accepté le \d\d\/\d\d à \d\d:\d\d \(249 €\)\.$/).waitFor();
    expect(await page.getByRole('button', { name: "J'accepte le devis" }).count()).toBe(0);
    await checker.check(page, 'actions-02-accepted');

    // Reload the confirmation (GET): nothing posts twice.
    await page.reload();
    await page.getByText(/^Devis accepté le/).waitFor();

    // The second tab's decline, confirmed from the keyboard: refused, with its reason.
    await tab2.bringToFront();
    await tab2.keyboard.press('Enter');
    await tab2
      .getByRole('alert')
      .filter({ hasText: 'Ce devis a déjà reçu une réponse : rien n’a été changé.' })
      .waitFor();
    await tab2.getByText(/^Devis accepté le/).waitFor();
    await checker.check(tab2, 'actions-03-refused');

    // The ticket decided once; one applied log with the words and amount shown, one refusal.
    const ticket = (await db.doc('tickets/tq').get()).data();
    expect(ticket).toMatchObject({ quoteDecision: 'accepted', quoteDecisionAmountEur: 249 });
    const actions = await db.collection('ticket_actions').where('ticketId', '==', 'tq').get();
    const applied = actions.docs.filter((d) => d.get('outcome') === 'applied');
    expect(applied).toHaveLength(1);
    expect(applied[0]?.data()).toMatchObject({
      action: 'quote_accept',
      channel: 'web',
      via: 'web',
      linkId: link.split('/t/')[1],
      clientId: 'wq',
      shown: {
        text: `Devis : 249 €\n${DETAILS}\nJ'accepte ce devis de 249 € : la boutique lance la réparation.`,
        amountEur: 249,
      },
    });
    expect(String(applied[0]?.get('ipHash'))).toMatch(/^[0-9a-f]{32}$/);
    expect(
      actions.docs.filter((d) => d.get('outcome') === 'refused').map((d) => d.get('reason')),
    ).toEqual(['quote_already_decided']);

    // The shop's email, in the mail catcher.
    const email = await until('the shop email in the mail catcher', async () =>
      (await caughtEmails()).find((m) => m.to?.some((t) => t.address === SHOP_EMAIL)),
    );
    expect(email.subject).toContain('Devis de 249 € accepté');
    expect(email.text).toContain('depuis la page de suivi');
    expect(email.text).toContain(DETAILS);
    expect((await db.doc(`shop_emails/${applied[0]?.id}`).get()).get('status')).toBe('sent');

    await context.close();
    expect(checker.violations).toEqual(checker.clean());
  });
});

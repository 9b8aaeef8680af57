import { join } from 'node:path';
import { memorySink, type Stack } from '@omega/stack';
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
import { phoneOnShortLinkDomain } from './support/short-link-phone.ts';
import { until } from './support/wait.ts';

// The customer's side in real Chromium against startStack(): the landing page behind the short
// link of an SMS the Twilio sandbox received (https://omega.test/t/<id>, routed to the local
// customerApi as Firebase Hosting would serve it), where the customer opts out of SMS and the
// next status change then sends nothing and says why; and the dashboard's consent-ui example
// (/exemples/inscription), whose registration records the customer's opt-in.

const shots = join(DASHBOARD_DIR, 'test-results', 'screenshots');
const logs = memorySink(4000);
const WALK_IN = { phone: '06 11 22 33 44', e164: '+33611223344' };
const SHORT_LINK = /https:\/\/omega\.test\/t\/[A-Za-z0-9_-]+/;

let local: DashboardStack;
let stack: Stack;
let db: Firestore;
let browser: Browser;
const checker = pageChecker(shots);

function dumpOnFailure(page: () => Page | undefined) {
  onTestFailed(async () => {
    console.log(logs.lines.slice(-120).join('\n'));
    await page()?.screenshot({ path: join(shots, 'customer-failure.png'), fullPage: true });
  });
}

/** What the sandbox received for `to`, newest first (as `stack.sandbox.messages()` lists them). */
function smsTo(to: string): Array<Record<string, unknown>> {
  const sandbox = stack.sandbox;
  if (!sandbox) throw new Error('the e2e test runs with the Twilio sandbox');
  return sandbox.messages().filter((m) => m.to === to);
}

beforeAll(async () => {
  local = await startDashboardStack({
    projectId: 'demo-omega-customer',
    sink: logs,
    outDir: 'e2e-dist-customer',
  });
  stack = local.stack;
  db = stack.db;
  await db.doc('settings/notifications').set(
    {
      twilio: { smsFrom: 'OMEGA', whatsappFrom: 'whatsapp:+14155238886' },
      // Open around the clock: the test must not depend on the hour it runs at.
      sendWindow: { startHour: 0, endHour: 24, closedWeekdays: [], closedOnPublicHolidays: false },
      budget: { monthlyEur: 50 },
    },
    { merge: true },
  );
  browser = await launchChromium();
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await local?.stop();
});

describe('the customer side in Chromium', () => {
  it('the short link of a received SMS opens the repair; opting out of SMS there stops the next SMS, and the history says why', async () => {
    let page: Page | undefined;
    dumpOnFailure(() => page);
    // A walk-in (no account, no consent given: the essential messages go out on the service
    // basis) and their repair, written to Firestore as the shop's app does.
    const at = Timestamp.now();
    await db.doc('clients/w1').set({
      name: 'Sophie Durand',
      firstName: 'Sophie',
      phone: WALK_IN.phone,
    });
    await db.doc('tickets/tw1').set({
      clientId: 'w1',
      customerId: null,
      device: 'Pixel 7',
      status: 'received',
      trackingCode: 'OM-2603-0042',
      createdAt: at,
      updatedAt: at,
    });

    // The SMS reaches the Twilio sandbox with the ticket's short link.
    const sms = await until('an SMS with a short link in the sandbox', async () =>
      smsTo(WALK_IN.e164).find((m) => SHORT_LINK.test(String(m.body))),
    );
    const link = SHORT_LINK.exec(String(sms.body))?.[0] as string;

    // That very URL, on a phone.
    const phone = await phoneOnShortLinkDomain(browser, stack.urls.customer);
    page = phone.page;
    const landing = await page.goto(link);
    expect(landing?.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Suivi de votre réparation' }).waitFor();
    const repair = page.getByRole('region', { name: 'Suivi de votre réparation' });
    await repair.getByText('Pixel 7').waitFor();
    await repair.getByText('OM-2603-0042').waitFor();
    await repair.getByText('Bonjour Sophie,').waitFor();
    await page
      .locator('#canal-sms')
      .getByText(/^Messages essentiels uniquement/)
      .waitFor();
    await checker.check(page, 'customer-01-landing');

    // Opt out of SMS with the keyboard: focus the SMS button, press Enter.
    const smsCountBefore = smsTo(WALK_IN.e164).length;
    const stop = page.getByRole('button', { name: 'Ne plus recevoir : SMS' });
    await stop.focus();
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: 'vous ne recevrez plus de messages par SMS.' })
      .waitFor();
    expect(page.url()).toBe(`${link}?enregistre=sms-off`);
    await page
      .locator('#canal-sms')
      .getByText(/^Désactivé/)
      .waitFor();
    await checker.check(page, 'customer-02-landing-sms-off');

    // One consent record by the customer, on the web, with the words shown; the number suppressed.
    const records = await db.collection('consent_log').where('clientId', '==', 'w1').get();
    expect(
      records.docs.map((d) => [
        d.get('channel'),
        d.get('granted'),
        d.get('source'),
        d.get('actor'),
        d.get('wordingVersion'),
      ]),
    ).toEqual([['sms', false, 'web', 'customer', 'optout-sms-fr-2026-01']]);
    expect((await db.doc(`suppressions/${WALK_IN.e164}`).get()).get('reason')).toBe('web_opt_out');

    // The repair is done (an essential message, which went out on the service basis until now):
    // no SMS this time, and its history document records why.
    await db.doc('tickets/tw1').update({ status: 'completed', updatedAt: Timestamp.now() });
    const skipped = await until('the status_completed SMS history document', async () => {
      const snap = await db.collection('notification_history').where('ticketId', '==', 'tw1').get();
      return snap.docs.find(
        (d) => d.get('kind') === 'status_completed' && d.get('channel') === 'sms',
      );
    });
    expect(skipped.get('status')).toBe('skipped');
    expect(skipped.get('skipReason')).toBe('suppressed');
    expect(String(skipped.get('reasonText'))).not.toBe('');
    // Give a wrongly queued send time to reach the sandbox before counting.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(smsTo(WALK_IN.e164)).toHaveLength(smsCountBefore);

    await phone.context.close();
    expect(checker.violations).toMatchObject({
      'customer-01-landing': [],
      'customer-02-landing-sms-off': [],
    });
  });

  it('the consent-ui registration example creates an account and records its SMS opt-in; the profile then shows SMS on', async () => {
    const context = await browser.newContext({
      viewport: { width: 1024, height: 900 },
      locale: 'fr-FR',
    });
    const page = await context.newPage();
    dumpOnFailure(() => page);
    const email = 'lea.martin@exemple.fr';
    const password = 'motdepasse-client';

    await page.goto(`${local.origin}/exemples/inscription`);
    await page.getByRole('heading', { level: 1, name: /inscription et profil/ }).waitFor();
    // No staff sign-in on this page.
    expect(await page.getByRole('button', { name: 'Se connecter' }).count()).toBe(0);
    const sms = page.getByRole('checkbox', { name: /^SMS/ });
    expect(await sms.isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: /^WhatsApp/ }).isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: /^E-mail/ }).isChecked()).toBe(true);
    await page.getByLabel('Prénom').fill('Léa');
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel(/^Mot de passe/).fill(password);
    await page.getByLabel(/^Téléphone mobile/).fill('06 55 44 33 22');
    await sms.check();
    await checker.check(page, 'customer-03-registration-form');
    await page.getByRole('button', { name: 'Créer le compte' }).click();
    await page.getByText(`Compte créé pour ${email}. Choix enregistrés : 3.`).waitFor();

    // The new customer's uid, from the Auth emulator.
    const signIn = await fetch(
      `${stack.urls.auth}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=fake-api-key`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password, returnSecureToken: true }),
      },
    );
    const { localId: uid } = (await signIn.json()) as { localId: string };
    expect(uid).toMatch(/\w/);

    const records = await db.collection('consent_log').where('customerId', '==', uid).get();
    const rows = records.docs
      .map((d) => ({
        channel: d.get('channel'),
        granted: d.get('granted'),
        source: d.get('source'),
        actor: d.get('actor'),
        wordingVersion: d.get('wordingVersion'),
      }))
      .sort((a, b) => String(a.channel).localeCompare(String(b.channel)));
    expect(rows).toEqual([
      {
        channel: 'email',
        granted: true,
        source: 'registration',
        actor: 'customer',
        wordingVersion: 'optin-email-fr-2026-01',
      },
      {
        channel: 'push',
        granted: true,
        source: 'registration',
        actor: 'customer',
        wordingVersion: 'optin-push-fr-2026-01',
      },
      {
        channel: 'sms',
        granted: true,
        source: 'registration',
        actor: 'customer',
        wordingVersion: 'optin-sms-fr-2026-01',
      },
    ]);

    // The profile section reads the same customer's choices back from the customer API.
    const profile = page.getByRole('region', { name: 'Mon profil : mes notifications' });
    await profile.getByRole('button', { name: 'Enregistrer mes choix' }).waitFor();
    expect(await profile.getByRole('checkbox', { name: /^SMS/ }).isChecked()).toBe(true);
    expect(await profile.getByRole('checkbox', { name: /^WhatsApp/ }).isChecked()).toBe(false);
    await checker.check(page, 'customer-04-registration-done');
    await context.close();

    expect(checker.violations).toMatchObject({
      'customer-03-registration-form': [],
      'customer-04-registration-done': [],
    });
  });
});

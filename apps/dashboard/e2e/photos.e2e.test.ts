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
import { phoneOnShortLinkDomain } from './support/short-link-phone.ts';
import { until } from './support/wait.ts';

// Repair photos in real Chromium against startStack() (issue 16 item 5): a customer's WhatsApp
// photo (sent from the sandbox's inbox, fetched from its Twilio media URL by the ingestion)
// appears in the dashboard's conversation; staff upload a photo on the ticket panel and choose
// it; the next status change carries it to the sandbox as MediaUrl (which the sandbox fetches
// through the functions' /m link from the storage stand-in); the customer's landing page on a
// phone shows it. axe-core on each new page state.

const shots = join(DASHBOARD_DIR, 'test-results', 'screenshots');
const logs = memorySink(4000);
const STAFF = { email: 'photos@omega.test', password: 'motdepasse-photos' };
const CUSTOMER = '+33698765432';
const SHORT_LINK = /https:\/\/omega\.test\/t\/[A-Za-z0-9_-]+/;

let local: DashboardStack;
let stack: Stack;
let db: Firestore;
let browser: Browser;
let page: Page;
const checker = pageChecker(shots);

beforeAll(async () => {
  local = await startDashboardStack({
    projectId: 'demo-omega-photos',
    sink: logs,
    outDir: 'e2e-dist-photos',
  });
  stack = local.stack;
  db = stack.db;
  await db.doc('settings/notifications').set(
    {
      twilio: { smsFrom: 'OMEGA', whatsappFrom: 'whatsapp:+14155238886' },
      sendWindow: { startHour: 0, endHour: 24, closedWeekdays: [], closedOnPublicHolidays: false },
    },
    { merge: true },
  );
  const authOrigin = stack.urls.auth;
  if (!authOrigin) throw new Error('the stack started without the Auth emulator');
  await ensureStaffUser(authOrigin, stack.projectId, {
    ...STAFF,
    claims: { staff: true, admin: false },
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await local?.stop();
});

/** Whether every image of `selector` on `p` has loaded (a broken image has no natural width). */
const loaded = (p: Page, alt: string) =>
  p
    .getByAltText(alt)
    .evaluate(
      (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
    );

describe('repair photos in Chromium', () => {
  it("a customer's photo in the conversation; a staff photo to the sandbox as MediaUrl and on the landing page", async () => {
    onTestFailed(async () => {
      console.log(logs.lines.slice(-120).join('\n'));
      await page.screenshot({ path: join(shots, 'photos-failure.png'), fullPage: true });
    });
    const sandbox = stack.sandbox;
    if (!sandbox) throw new Error('no sandbox');
    const at = Timestamp.now();
    await db
      .doc('clients/cp1')
      .set({ name: 'Zoé Durand', firstName: 'Zoé', phone: null, customerId: 'up1' });
    await db.doc('customer_profiles/up1').set({
      firstName: 'Zoé',
      lastName: 'Durand',
      email: null,
      phoneNumber: CUSTOMER,
      notificationPreferences: {
        emailEnabled: false,
        smsEnabled: false,
        whatsappEnabled: true,
        pushEnabled: false,
      },
      whatsappLastInboundAt: at,
      clientId: 'cp1',
    });

    // The customer sends a photo from WhatsApp (the sandbox inbox's "sample photo").
    const form = new URLSearchParams({
      channel: 'whatsapp',
      from: CUSTOMER,
      body: 'Voici la rayure',
      samplePhoto: '1',
    });
    const posted = await fetch(`${sandbox.url}/_sandbox/inbound`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    const inbound = await until('the stored customer photo', async () => {
      const snap = await db.collection(`conversations/${CUSTOMER}/messages`).get();
      return snap.docs.find(
        (d) => (d.get('media') as Array<{ status: string }> | undefined)?.[0]?.status === 'stored',
      );
    });
    const photoMessage = sandbox.message(inbound.id);
    const photoBytes = photoMessage?.media?.[0]?.bytes;
    if (!photoBytes) throw new Error('the sandbox has no bytes for the customer photo');

    await db.doc('tickets/tp1').set({
      clientId: 'cp1',
      customerId: 'up1',
      device: 'Pixel 8',
      status: 'received',
      trackingCode: 'OM-2603-0042',
      appointmentAt: null,
      createdAt: at,
      updatedAt: at,
    });
    await until('the first WhatsApp message', async () =>
      sandbox
        .messages()
        .find((m) => m.direction === 'outbound-api' && m.to === `whatsapp:${CUSTOMER}`),
    );

    // Staff sign in and see the customer's photo in the conversation.
    await page.goto(local.origin);
    await page.getByLabel('Adresse e-mail').fill(STAFF.email);
    await page.getByLabel('Mot de passe').fill(STAFF.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: "Vue d'ensemble" }).waitFor();
    await page.getByRole('link', { name: 'Conversations' }).click();
    await page.getByRole('button').filter({ hasText: 'Voici la rayure' }).first().click();
    await page.getByAltText('Photo envoyée par le client (1)').waitFor();
    await until('the customer photo drawn', () => loaded(page, 'Photo envoyée par le client (1)'));
    await checker.check(page, 'photos-01-conversation');

    // Staff add a photo to the ticket and choose it for the next WhatsApp message.
    await page.goto(`${local.origin}/customers/profile/up1`);
    await page.getByRole('button', { name: 'Photos' }).click();
    await page.getByLabel('Photo (JPEG, PNG ou WebP)').setInputFiles({
      name: 'apres.png',
      mimeType: 'image/png',
      buffer: Buffer.from(photoBytes),
    });
    await page.getByLabel('Ce que montre la photo', { exact: true }).selectOption('after');
    await page.getByRole('button', { name: 'Ajouter la photo' }).click();
    await page.getByAltText('Photo du ticket : Après la réparation').waitFor();
    await until('the ticket photo drawn', () =>
      loaded(page, 'Photo du ticket : Après la réparation'),
    );
    await page.getByRole('button', { name: 'Envoyer avec le prochain message WhatsApp' }).click();
    await page.getByText(/part avec le prochain message WhatsApp/).waitFor();
    await checker.check(page, 'photos-02-ticket-panel');

    // The next status change carries it: the sandbox fetched the resized JPEG through /m.
    await db.doc('tickets/tp1').update({ status: 'in_repair', updatedAt: Timestamp.now() });
    const sent = await until('the WhatsApp message with the photo, fetched', async () => {
      const m = sandbox
        .messages()
        .find((x) => x.direction === 'outbound-api' && (x.media as unknown[] | undefined)?.length);
      const fetched = m ? sandbox.message(String(m.sid))?.media?.[0]?.fetched : null;
      return m && fetched ? { m, fetched } : null;
    });
    expect(sent.fetched).toMatchObject({ status: 200, contentType: 'image/jpeg' });
    // The ticket panel says it went (after a reload: the photo list is not polled often).
    await page.reload();
    await page.getByRole('button', { name: 'Photos' }).click();
    await page.getByText(/envoyée le/).waitFor();

    // The customer's landing page (on a phone) shows it.
    const link = SHORT_LINK.exec(String(sent.m.body))?.[0];
    expect(link, 'the WhatsApp message carries the short link').toBeDefined();
    const phone = await phoneOnShortLinkDomain(browser, stack.urls.customer);
    expect((await phone.page.goto(link as string))?.status()).toBe(200);
    await phone.page.getByRole('heading', { name: 'Photos de votre appareil' }).waitFor();
    await until('the landing page photo drawn', () =>
      loaded(phone.page, 'Photo de votre appareil : après la réparation'),
    );
    await checker.check(phone.page, 'photos-03-landing-page');
    await phone.context.close();

    expect(checker.violations).toEqual(checker.clean());
  });
});

import { join } from 'node:path';
import { experimentArm } from '@omega/core';
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

// The staff wording editor in Chromium against the whole local system: a refused text, an
// accepted one saved as a version, an experiment started from the page, a status change that
// reaches each walk-in with the wording of their bucket through the sandbox, the experiment's
// view, and "keep the winner".

const shots = join(DASHBOARD_DIR, 'test-results', 'screenshots-wording');
const logs = memorySink(4000);
const STAFF = { email: 'gerant@omega.test', password: 'motdepasse-e2e' };
const VARIANT =
  "O'MEGA Services : votre {device} est réparé, passez quand vous voulez. Suivi : {link}";

let local: DashboardStack;
let stack: Stack;
let db: Firestore;
let browser: Browser;
let page: Page;
let origin: string;
const checker = pageChecker(shots);

const CLIENTS = Array.from({ length: 6 }, (_, i) => ({
  id: `w${i}`,
  phone: `+3361122334${i}`,
}));

beforeAll(async () => {
  local = await startDashboardStack({
    projectId: 'demo-omega-wording',
    sink: logs,
    outDir: 'e2e-wording-dist',
  });
  ({ stack, origin } = local);
  db = stack.db;
  const now = Timestamp.now();
  await db.doc('settings/notifications').set(
    {
      twilio: { smsFrom: 'OMEGA', whatsappFrom: 'whatsapp:+14155238886' },
      sendWindow: { startHour: 0, endHour: 24, closedWeekdays: [], closedOnPublicHolidays: false },
    },
    { merge: true },
  );
  for (const [i, c] of CLIENTS.entries()) {
    await db.doc(`clients/${c.id}`).set({ name: `Client ${i}`, firstName: 'Jean', phone: c.phone });
    await db.doc(`tickets/t${i}`).set({
      clientId: c.id,
      customerId: null,
      device: 'iPhone 13',
      status: 'in_repair',
      trackingCode: `OM-2603-010${i}`,
      createdAt: now,
      updatedAt: now,
    });
  }
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

describe('the wording editor in Chromium', () => {
  it('refuses a broken text, saves a good one, experiments by bucket and keeps the winner', async () => {
    onTestFailed(async () => {
      console.log(logs.lines.slice(-80).join('\n'));
      await page.screenshot({ path: join(shots, 'failure.png'), fullPage: true });
    });
    await page.goto(origin);
    await page.getByLabel('Adresse e-mail').fill(STAFF.email);
    await page.getByLabel('Mot de passe').fill(STAFF.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: "Vue d'ensemble" }).waitFor();
    await page.getByRole('link', { name: 'Modèles' }).click();

    // The editor starts from the catalogue's wording of "status_completed" on SMS.
    const box = page.getByLabel('Formulation', { exact: true });
    await box.waitFor();
    expect(await box.inputValue()).toMatch(/^O'MEGA Services : Bonjour \{firstName\}, /);
    await page.getByText('Cette formulation respecte toutes les règles.').waitFor();

    // Each broken rule with its message, live; saving is impossible.
    await box.fill('Super promo ! Votre {device} est prêt : https://omega.fr/promo');
    const refusals = page.locator('.refusals li');
    await refusals.first().waitFor();
    const texts = await refusals.allTextContents();
    expect(texts.join('\n')).toContain('Le SMS doit commencer par le nom de la boutique');
    expect(texts.join('\n')).toContain('Pas d’adresse web écrite en clair');
    expect(texts.join('\n')).toContain('Le lien {link} manque');
    expect(texts.join('\n')).toContain('retirez « promo »');
    expect(texts.join('\n')).toContain('« ê » (écrire « e »)');
    const save = page.getByRole('button', { name: 'Enregistrer une nouvelle version' });
    expect(await save.isDisabled()).toBe(true);
    await checker.check(page, '01-refused');

    // An accepted text: live counter, then saved as version 1.
    await box.fill(VARIANT);
    await page.getByText('Cette formulation respecte toutes les règles.').waitFor();
    await page
      .getByText(
        "O'MEGA Services : votre iPhone 13 est réparé, passez quand vous voulez. Suivi : https://omega.fr/t/Ab3xK9pQ",
      )
      .waitFor();
    await save.click();
    const version = page.getByRole('listitem', { name: 'Version 1' });
    await version.waitFor();
    await page.getByLabel('Part des clients qui reçoivent la variante (%)').fill('50');
    await version.getByRole('button', { name: 'Lancer une expérience avec cette version' }).click();
    await page.getByText('Expérience en cours : version 1 pour 50 % des clients').waitFor();
    const experiment = (await db.doc('template_variants/status_completed~sms~fr').get()).get(
      'experiment.id',
    ) as string;
    await checker.check(page, '02-experiment');

    // The repairs are done: each walk-in hears with the wording of their bucket.
    // (Their walk-in welcome went out when the tickets were written: only what follows counts.)
    await until('every welcome sent', async () =>
      CLIENTS.every((c) => stack.sandbox?.messages().some((m) => m.to === c.phone)),
    );
    const before = new Set(stack.sandbox?.messages().map((m) => m.sid));
    for (const [i] of CLIENTS.entries())
      await db.doc(`tickets/t${i}`).update({ status: 'completed', updatedAt: Timestamp.now() });
    const bodyOf = (phone: string) =>
      stack.sandbox
        ?.messages()
        .find((m) => m.to === phone && m.direction === 'outbound-api' && !before.has(m.sid))
        ?.body as string | undefined;
    await until('every completed SMS sent', async () => CLIENTS.every((c) => bodyOf(c.phone)));
    const arms = CLIENTS.map((c) => experimentArm(c.id, experiment, 50));
    expect(new Set(arms)).toEqual(new Set(['control', 'variant']));
    for (const [i, c] of CLIENTS.entries()) {
      if (arms[i] === 'variant')
        expect(bodyOf(c.phone)).toMatch(/^O'MEGA Services : votre iPhone 13 est réparé, passez/);
      else expect(bodyOf(c.phone)).toMatch(/^O'MEGA Services : Bonjour Jean, /);
    }

    // The experiment's view: messages per arm and no winner on six messages.
    const variants = arms.filter((a) => a === 'variant').length;
    await page.reload();
    await page
      .getByText(`Messages envoyés : catalogue ${CLIENTS.length - variants}, variante ${variants}`)
      .waitFor();
    expect(await page.getByRole('row', { name: /Distribués/ }).textContent()).toContain(
      'Pas assez de données',
    );
    expect(await page.getByRole('row', { name: /Lus/ }).textContent()).toContain('non suivi');
    await checker.check(page, '03-results');

    // Keep the winner: the variant replaces the catalogue's wording for everyone.
    await page.getByRole('button', { name: 'Arrêter et garder la variante' }).click();
    await page
      .getByText('La version 1 remplace la formulation du catalogue pour tous les clients.')
      .waitFor();
    expect((await db.doc('template_variants/status_completed~sms~fr').get()).get('adopted')).toBe(
      1,
    );

    expect(checker.violations).toEqual(checker.clean());
  }, 120_000);
});

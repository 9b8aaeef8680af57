import { join } from 'node:path';
import { ensureStaffUser, memorySink, type Stack, seedDemoShop } from '@omega/stack';
import type { Firestore } from 'firebase-admin/firestore';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { launchChromium, pageChecker } from './support/browser.ts';
import {
  DASHBOARD_DIR,
  type DashboardStack,
  startDashboardStack,
} from './support/dashboard-stack.ts';

// The demo shop a new user meets with `npm run dev`: seeded (260 customers, 90 days of counter
// records, 60 days of tickets and their past notifications) through the same seeder, whose
// statistics come from `stats:rebuild`. The overview must show all of it, in real Chromium.

const shots = join(DASHBOARD_DIR, 'test-results', 'screenshots');
const logs = memorySink(4000);
const STAFF = { email: 'demo@omega.test', password: 'motdepasse-demo' };

let local: DashboardStack;
let stack: Stack;
let db: Firestore;
let browser: Browser;
let page: Page;
const checker = pageChecker(shots);
const percent = (v: number) =>
  new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 }).format(v);
let seeded: { walkIns: number; customers: number; history: number } | null = null;

beforeAll(async () => {
  local = await startDashboardStack({
    projectId: 'demo-omega-overview',
    sink: logs,
    outDir: 'e2e-demo-dist',
    beforeTriggers: async (firestore, target) => {
      const result = await seedDemoShop(firestore, { ...target, now: new Date() });
      if (!result.ok) throw new Error(result.error.message);
      seeded = result.value.counts;
    },
  });
  stack = local.stack;
  db = stack.db;
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

describe('the demo shop on the overview', () => {
  it('shows coverage over every customer and the seeded history, with the scoreboard', async () => {
    onTestFailed(async () => {
      console.log(logs.lines.slice(-60).join('\n'));
      await page.screenshot({ path: join(shots, 'demo-failure.png'), fullPage: true });
    });
    expect(seeded).toMatchObject({ walkIns: 200, customers: 60 });
    const coverage = (await db.doc('stats_coverage/current').get()).data() ?? {};
    expect(coverage.customers_total).toBe(260);
    // What the seeded documents say, counted here independently of the statistics.
    const history = (await db.collection('notification_history').get()).docs.map((d) => d.data());
    expect(history.filter((h) => h.seeded).length).toBe(seeded?.history);
    const sms = history.filter((h) => h.channel === 'sms' && h.sentAt);
    const messaging = history.filter(
      (h) => (h.channel === 'sms' || h.channel === 'whatsapp') && h.sentAt,
    );
    const delivered = messaging.filter((h) => h.status === 'delivered' || h.status === 'read');

    await page.goto(local.origin);
    await page.getByLabel('Adresse e-mail').fill(STAFF.email);
    await page.getByLabel('Mot de passe').fill(STAFF.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: "Vue d'ensemble" }).waitFor();
    await page.getByLabel('Période').selectOption('90');

    await page
      .getByText(`(${coverage.reachable_any} sur 260)`, { exact: false })
      .waitFor({ timeout: 30_000 });
    const kpi = page.locator('.kpi', { hasText: 'Couverture' });
    await expect
      .poll(() => kpi.locator('.kpi-value').textContent())
      .toBe(percent(Number(coverage.reachable_any) / 260));

    const board = page.locator('table.scoreboard');
    const value = (name: string) =>
      board.locator('tr', { has: page.getByRole('rowheader', { name, exact: true }) });
    await expect
      .poll(() =>
        value('Taux de distribution (SMS + WhatsApp)').locator('.scoreboard-value').textContent(),
      )
      .toBe(percent(delivered.length / messaging.length));
    expect(
      await value('Taux de distribution e-mail').locator('.scoreboard-value').textContent(),
    ).toBe('non suivi');
    expect(await value('Couverture (tous canaux)').locator('.scoreboard-value').textContent()).toBe(
      percent(Number(coverage.reachable_any) / 260),
    );

    // Satisfaction: the seeded surveys and their answers, as the documents say.
    const surveys = history.filter(
      (h) => h.kind === 'satisfaction_survey' && h.status !== 'skipped',
    );
    const answers = (await db.collection('satisfaction_answers').get()).docs.map((d) => d.data());
    expect(answers.length).toBeGreaterThan(0);
    const average = answers.reduce((s, a) => s + Number(a.score), 0) / answers.length;
    const help = `${answers.length} réponses à ${surveys.length} enquêtes (${percent(answers.length / surveys.length)}), note moyenne ${(Math.round(average * 100) / 100).toLocaleString('fr-FR', { maximumFractionDigits: 2 })}/5.`;
    await page.getByText(help, { exact: false }).waitFor();
    const scores = page.getByRole('table', { name: 'Satisfaction après retrait' });
    for (const score of [5, 4, 3, 2, 1]) {
      const row = scores.locator('tr', {
        has: page.getByRole('rowheader', { name: `${score}/5`, exact: true }),
      });
      expect(await row.locator('td').textContent()).toBe(
        String(answers.filter((a) => a.score === score).length),
      );
    }
    // The WhatsApp survey template is approved in the local sandbox: the demo's WhatsApp surveys
    // of today's pickups can go out tomorrow morning outside the 24 h window.
    const templates = ((await db.doc('settings/notifications').get()).get('whatsappTemplates') ??
      {}) as Record<string, { approval: string }>;
    const survey = Object.entries(templates).filter(([name]) => name.includes('satisfaction'));
    expect(survey.length).toBeGreaterThan(0);
    for (const [, t] of survey) expect(t.approval).toBe('approved');

    // Engagement: the seeded conversations' messages per conversation opened (a customer's
    // message after 24 h without one), counted here from the threads.
    let exchanged = 0;
    let opened = 0;
    for (const conversation of (await db.collection('conversations').get()).docs) {
      const thread = (await conversation.ref.collection('messages').get()).docs;
      exchanged += thread.length;
      const inbound = thread
        .filter((m) => m.get('direction') === 'inbound')
        .map((m) => m.get('at').toMillis() as number)
        .sort((a, b) => a - b);
      inbound.forEach((at, i) => {
        if (i === 0 || at - (inbound[i - 1] as number) >= 86_400_000) opened += 1;
      });
    }
    expect(opened).toBeGreaterThan(0);
    expect(
      await value('Engagement (messages par conversation)')
        .locator('.scoreboard-value')
        .textContent(),
    ).toBe((exchanged / opened).toLocaleString('fr', { maximumFractionDigits: 1 }));

    // Every seeded SMS of the 90 days is in the per-channel table.
    const smsRow = page.locator('table:not(.scoreboard) tr', {
      has: page.getByRole('rowheader', { name: 'SMS', exact: true }),
    });
    expect(await smsRow.locator('td').first().textContent()).toBe(String(sms.length));
    // The chart draws days, not one block: many bars, none as wide as the chart.
    const bars = page.locator('figure.chart .recharts-bar-rectangle path');
    await expect.poll(() => bars.count()).toBeGreaterThan(30);
    const widths = await bars.evaluateAll((els) =>
      els.map((e) => (e as SVGGraphicsElement).getBBox().width),
    );
    expect(Math.max(...widths)).toBeLessThanOrEqual(32);
    await checker.check(page, 'demo-overview');
    expect(checker.violations).toEqual(checker.clean());
  });
});

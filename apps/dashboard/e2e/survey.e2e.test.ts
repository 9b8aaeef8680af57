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

// The satisfaction survey of an SMS customer, in real Chromium on a phone against startStack():
// a walk-in who agreed to SMS at the counter picks up their repair; the survey the pipeline
// defers to the next morning goes out when the functions' clock reaches it (moved forward here,
// the in-process queue following it); its short link opens the landing page, which asks the one
// question; the answer is thanked with the shop's review link, and an answer from a second page
// opened before it changes nothing (the first answer wins).

const shots = join(DASHBOARD_DIR, 'test-results', 'screenshots');
const logs = memorySink(4000);
const WALK_IN = { phone: '06 22 33 44 55', e164: '+33622334455' };
const SHORT_LINK = /https:\/\/omega\.test\/t\/[A-Za-z0-9_-]+/;
const REVIEW = 'https://g.page/r/omega-services/review';

let local: DashboardStack;
let stack: Stack;
let db: Firestore;
let browser: Browser;
const checker = pageChecker(shots);

beforeAll(async () => {
  local = await startDashboardStack({
    projectId: 'demo-omega-survey',
    sink: logs,
    outDir: 'e2e-dist-survey',
  });
  stack = local.stack;
  db = stack.db;
  await db.doc('settings/notifications').set(
    {
      twilio: { smsFrom: 'OMEGA', whatsappFrom: 'whatsapp:+14155238886' },
      // Open around the clock: the test must not depend on the hour it runs at.
      sendWindow: { startHour: 0, endHour: 24, closedWeekdays: [], closedOnPublicHolidays: false },
      budget: { monthlyEur: 50 },
      satisfaction: { reviewUrl: REVIEW },
    },
    { merge: true },
  );
  browser = await launchChromium();
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await local?.stop();
});

describe('the satisfaction survey on the landing page, in Chromium', () => {
  it('an SMS customer answers once on their phone: thanked with the review link, a second answer ignored', async () => {
    const pages: Page[] = [];
    onTestFailed(async () => {
      console.log(logs.lines.slice(-120).join('\n'));
      for (const [i, p] of pages.entries())
        await p.screenshot({ path: join(shots, `survey-failure-${i}.png`), fullPage: true });
    });
    const deps = stack.functions.deps;
    const realClock = deps.clock;
    try {
      const at = Timestamp.now();
      await db.doc('clients/s1').set({
        name: 'Nadia Benali',
        firstName: 'Nadia',
        phone: WALK_IN.phone,
        consent: {
          sms: {
            channel: 'sms',
            granted: true,
            at: at.toDate(),
            source: 'counter',
            actor: 'staff:accueil',
            wordingVersion: 'optin-sms-fr-2026-01',
          },
        },
      });
      await db.doc('tickets/ts1').set({
        clientId: 's1',
        customerId: null,
        device: 'iPhone 13',
        status: 'completed',
        trackingCode: 'OM-2603-0077',
        createdAt: at,
        updatedAt: at,
      });
      await until('the first SMS in the sandbox', async () =>
        stack.sandbox?.messages().some((m) => m.to === WALK_IN.e164),
      );
      await db.doc('tickets/ts1').update({ status: 'picked_up', updatedAt: Timestamp.now() });

      // The survey is planned on SMS, deferred to the next morning.
      const planned = await until('the survey history document', async () => {
        const snap = await db
          .collection('notification_history')
          .where('ticketId', '==', 'ts1')
          .get();
        return snap.docs.find(
          (d) => d.get('kind') === 'satisfaction_survey' && d.get('status') === 'deferred',
        );
      });
      expect(planned.get('channel')).toBe('sms');
      const notBefore = (planned.get('notBefore') as Timestamp).toDate();
      expect(notBefore.getTime()).toBeGreaterThan(Date.now());

      // The next morning: the functions' clock reaches it and the queue runs what came due.
      const shift = notBefore.getTime() - Date.now() + 5_000;
      deps.clock = () => new Date(Date.now() + shift);
      stack.functions.queue.runDue();
      stack.functions.queue.releaseParked((task) => task.notificationId === planned.id);
      const survey = await until('the survey SMS in the sandbox', async () =>
        stack.sandbox
          ?.messages()
          .find((m) => m.to === WALK_IN.e164 && String(m.body).includes('Notez-nous')),
      );
      const link = SHORT_LINK.exec(String(survey.body))?.[0] as string;
      expect(link, 'the survey SMS carries the short link').toBeDefined();

      // The customer opens it on their phone, and again in a second tab before answering.
      const phone = await phoneOnShortLinkDomain(browser, stack.urls.customer);
      const first = phone.page;
      const second = await phone.context.newPage();
      pages.push(first, second);
      for (const p of [first, second]) {
        expect((await p.goto(link))?.status()).toBe(200);
        await p.getByRole('heading', { level: 2, name: 'Votre avis sur la réparation' }).waitFor();
      }
      const question = first.getByRole('group', { name: /Comment s'est passée la réparation/ });
      for (const score of ['1 — Très déçu', '3 — Correct', '5 — Très satisfait'])
        await question.getByRole('button', { name: score }).waitFor();
      await checker.check(first, 'survey-01-question');

      await question.getByRole('button', { name: '5 — Très satisfait' }).click();
      await first.getByRole('heading', { level: 2, name: 'Merci pour votre note' }).waitFor();
      await first.getByText('Vous nous avez donné 5/5.').waitFor();
      const review = first.getByRole('link', { name: 'laisser un avis' });
      expect(await review.getAttribute('href')).toBe(REVIEW);
      expect(await first.getByRole('button', { name: '5 — Très satisfait' }).count()).toBe(0);
      await checker.check(first, 'survey-02-thanks');

      // The second tab still shows the question: its answer is ignored, the first one stands.
      await second.getByRole('button', { name: '1 — Très déçu' }).click();
      await second.getByRole('heading', { level: 2, name: 'Merci pour votre note' }).waitFor();
      await second.getByText('Vous nous avez donné 5/5.').waitFor();
      await checker.check(second, 'survey-03-second-answer');

      const answer = (await db.doc('satisfaction_answers/ts1').get()).data();
      expect(answer).toMatchObject({ ticketId: 'ts1', score: 5, via: 'web', clientId: 's1' });
      expect((await db.doc('alerts/satisfaction_ts1').get()).exists).toBe(false);
      const days = await db.collection('stats_daily').get();
      const responses = days.docs.reduce(
        (sum, d) => sum + Number(d.get('satisfaction_responses') ?? 0),
        0,
      );
      expect(responses).toBe(1);
      expect(
        days.docs.reduce((sum, d) => sum + Number(d.get('satisfaction_score_1') ?? 0), 0),
      ).toBe(0);
      await phone.context.close();
      expect(checker.violations).toEqual({
        'survey-01-question': [],
        'survey-02-thanks': [],
        'survey-03-second-answer': [],
      });
    } finally {
      deps.clock = realClock;
    }
  }, 240_000);
});

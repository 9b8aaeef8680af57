import { describe, expect, it } from 'vitest';
import { createCustomerApi } from '../src/customer-api/app.ts';
import { customerApiDepsFromPipeline } from '../src/customer-api/build-deps.ts';
import { type ApiHarness, stubVerifier, useApiHarness } from './api/support/api-harness.ts';
import { seedSettings, seedWalkIn, ticket } from './support/fixtures.ts';
import { createTicket, updateTicket } from './support/triggers.ts';

// The survey for SMS and email customers: the landing page behind the survey's short link asks
// the one question (a form, no script), with the page's own protection against forms posted from
// another site; the answer is stored with the ticket once (the form's nonce), a low score alerts
// staff, and every respondent is offered the review link.
const REVIEW = 'https://g.page/r/CQomega-services/review';
let h: ApiHarness;
let customer: ReturnType<typeof createCustomerApi>;
useApiHarness({
  started: (started) => {
    h = started;
  },
  each: () => {
    customer = createCustomerApi(
      customerApiDepsFromPipeline(h.deps, {
        auth: stubVerifier,
        appPublicUrl: 'https://app.omega.test',
      }),
    );
  },
});

function post(path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  return Promise.resolve(
    customer.request(`http://omega.test${path}`, {
      method: 'POST',
      headers: {
        'x-forwarded-for': '203.0.113.7',
        host: 'omega.test',
        'content-type': 'application/x-www-form-urlencoded',
        ...headers,
      },
      body: new URLSearchParams(form).toString(),
    }),
  );
}
const get = (path: string) =>
  Promise.resolve(
    customer.request(`http://omega.test${path}`, {
      headers: { 'x-forwarded-for': '203.0.113.7', host: 'omega.test' },
    }),
  );

/** A walk-in who agreed to SMS at the counter, whose ticket was picked up and surveyed by SMS. */
async function surveyedBySms(): Promise<string> {
  await seedSettings(h.db, { satisfaction: { reviewUrl: REVIEW } });
  await seedWalkIn(h.db, 'c1', {
    consent: {
      sms: {
        channel: 'sms',
        granted: true,
        at: new Date('2026-02-01T10:00:00Z'),
        source: 'counter',
        actor: 'staff-1',
        wordingVersion: 'optin-sms-fr-2026-01',
      },
    },
  });
  await createTicket(h, 't1', ticket({ clientId: 'c1', status: 'completed' }));
  await updateTicket(h, 't1', { status: 'picked_up' });
  await h.fastForward(2 * 86_400_000);
  const survey = h.sandbox
    .messages()
    .find((m) => m.direction === 'outbound-api' && String(m.body ?? '').includes('Notez-nous'));
  const id = /\/t\/([A-Za-z0-9]+)$/.exec(String(survey?.body ?? ''))?.[1];
  expect(id, 'the survey SMS ends with its short link').toBeDefined();
  return id as string;
}

describe('the landing page asks the survey', () => {
  it.each([1, 5])(
    'score %i: stored once with the nonce, thanked with the review link',
    async (score) => {
      const id = await surveyedBySms();
      const page = await (await get(`/t/${id}`)).text();
      expect(page).toContain('Votre avis sur la réparation');
      expect(page.match(/name="score"/g)).toHaveLength(5);
      expect(page).toContain(`action="${id}/note"`);
      const nonce = /name="nonce" value="([^"]+)"/.exec(page)?.[1] as string;

      // A form posted from another site changes nothing.
      const forged = await post(
        `/t/${id}/note`,
        { score: String(score), nonce },
        { origin: 'https://evil.example' },
      );
      expect(forged.status).toBe(403);
      expect((await h.db.doc('satisfaction_answers/t1').get()).exists).toBe(false);

      const res = await post(
        `/t/${id}/note`,
        { score: String(score), nonce },
        { origin: 'http://omega.test' },
      );
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`../${id}#titre-avis`);
      // The same form again (a double tap, a resubmitted page): still one answer, counted once.
      expect((await post(`/t/${id}/note`, { score: String(score), nonce })).status).toBe(303);
      const answer = (await h.db.doc('satisfaction_answers/t1').get()).data();
      expect(answer).toMatchObject({ ticketId: 't1', score, via: 'web', nonce, clientId: 'c1' });
      const day = (await h.db.doc('stats_daily/2026-03-03').get()).data();
      expect(day?.satisfaction_responses).toBe(1);

      const low = score <= 2;
      expect((await h.db.doc('alerts/satisfaction_t1').get()).exists).toBe(low);
      expect((await h.db.doc('conversations/+33612345678').get()).get('needsStaff')).toBe(
        low ? true : undefined,
      );

      const thanks = await (await get(`/t/${id}`)).text();
      expect(thanks).toContain('Merci pour votre note');
      expect(thanks).toContain(`${score}/5`);
      expect(thanks).toContain(`href="${REVIEW}"`);
      expect(thanks).not.toContain('name="score"');
    },
  );

  it('refuses a malformed score or a form without its nonce, and writes nothing', async () => {
    const id = await surveyedBySms();
    for (const form of [{ score: '7', nonce: 'a'.repeat(20) }, { score: '3' }]) {
      expect((await post(`/t/${id}/note`, form as Record<string, string>)).status).toBe(400);
    }
    expect((await h.db.doc('satisfaction_answers/t1').get()).exists).toBe(false);
  });
});

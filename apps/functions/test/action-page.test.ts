import { describe, expect, it } from 'vitest';
import { createCustomerApi } from '../src/customer-api/app.ts';
import { customerApiDepsFromPipeline } from '../src/customer-api/build-deps.ts';
import { hashIp } from '../src/customer-api/choices.ts';
import { type ApiHarness, stubVerifier, useApiHarness } from './api/support/api-harness.ts';
import { seedSettings, seedWalkIn, ticket } from './support/fixtures.ts';
import { createTicket, updateTicket } from './support/triggers.ts';

// Customer actions on the landing page (issue 16): SMS and email customers answer a quote (or
// plan their pickup, ask for a call) with a plain form behind their short link. Each form carries
// a fresh nonce and the digest of the words it shows; the post goes through the page's own
// protection (same origin, rate limits) to the actions writer, which records it once.
const IP = '203.0.113.7';
const DETAILS = 'Remplacement de l’écran OLED d’origine, garantie 6 mois. <b>pièce en stock</b>';
let h: ApiHarness;
let customer: ReturnType<typeof createCustomerApi>;

function build(limits?: Parameters<typeof customerApiDepsFromPipeline>[1]['limits']) {
  return createCustomerApi(
    customerApiDepsFromPipeline(h.deps, {
      auth: stubVerifier,
      appPublicUrl: 'https://app.omega.test',
      ...(limits ? { limits } : {}),
    }),
  );
}

useApiHarness({
  started: (started) => {
    h = started;
  },
  each: () => {
    customer = build();
  },
});

function post(
  path: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
  app = customer,
) {
  return Promise.resolve(
    app.request(`http://omega.test${path}`, {
      method: 'POST',
      headers: {
        'x-forwarded-for': IP,
        host: 'omega.test',
        origin: 'http://omega.test',
        'content-type': 'application/x-www-form-urlencoded',
        ...headers,
      },
      body: new URLSearchParams(form).toString(),
    }),
  );
}
const page = async (path: string) => {
  const res = await customer.request(`http://omega.test${path}`, {
    headers: { 'x-forwarded-for': IP, host: 'omega.test' },
  });
  expect(res.status).toBe(200);
  return res.text();
};

/** The hidden fields of one action's form on a page. */
function formOf(html: string, action: string): Record<string, string> {
  const form = new RegExp(`<form[^>]*id="action-${action}"[\\s\\S]*?</form>`).exec(html)?.[0];
  expect(form, `a form for ${action}`).toBeDefined();
  const field = (name: string) =>
    new RegExp(`name="${name}" value="([^"]+)"`).exec(form as string)?.[1] as string;
  return { action: field('action'), nonce: field('nonce'), shown: field('shown') };
}

/** A walk-in's €249 quote (status `quote_pending`): the id of the link its SMS carried. */
async function quotePending(extra: Record<string, unknown> = {}): Promise<string> {
  await seedSettings(h.db);
  await seedWalkIn(h.db, 'c1');
  await createTicket(h, 't1', ticket({ status: 'diagnosing' }));
  await updateTicket(h, 't1', {
    status: 'quote_pending',
    amountDueEur: 249,
    quoteDetails: DETAILS,
    ...extra,
  });
  await h.queue.drain();
  // Newest first: the quote's SMS.
  const sms = h.sandbox.messages().find((m) => m.direction === 'outbound-api');
  expect(String(sms?.body)).toContain('devis');
  const id = /\/t\/([A-Za-z0-9]+)/.exec(String(sms?.body ?? ''))?.[1];
  expect(id, `the quote SMS carries its short link: ${String(sms?.body)}`).toBeDefined();
  return id as string;
}

async function actionsOf(ticketId: string) {
  const snap = await h.db.collection('ticket_actions').where('ticketId', '==', ticketId).get();
  return snap.docs.map((d) => d.data());
}

describe('the landing page offers the ticket’s actions', () => {
  it('shows the quote with its amount and text, one form per available action, each with its own nonce', async () => {
    const id = await quotePending();
    const html = await page(`/t/${id}`);
    expect(html).toContain('<section id="actions" aria-labelledby="titre-actions">');
    const actions = [...html.matchAll(/name="action" value="([a-z_]+)"/g)].map((m) => m[1]);
    expect(actions).toEqual(['quote_accept', 'quote_decline', 'call_me']);
    expect(html).toContain('Devis : <strong>249 €</strong>');
    // The shop's text, escaped.
    expect(html).toContain('garantie 6 mois. &lt;b&gt;pièce en stock&lt;/b&gt;');
    expect(html).toContain('J&#39;accepte ce devis de 249 € : la boutique lance la réparation.');
    const nonces = actions.map((a) => formOf(html, a as string).nonce);
    expect(new Set(nonces).size).toBe(3);
    // Another view, other nonces.
    expect(formOf(await page(`/t/${id}`), 'quote_accept').nonce).not.toBe(nonces[0]);
    // Nothing is focused unless an email's link names the action.
    expect(html).not.toContain('autofocus');
  });

  it('an email link (?action=quote_accept) opens the page with that form highlighted and focused, and acts on nothing', async () => {
    const id = await quotePending();
    const html = await page(`/t/${id}?action=quote_accept`);
    expect(html).toMatch(/<form[^>]*class="action highlighted" id="action-quote_accept"/);
    expect(html.match(/autofocus/g)).toHaveLength(1);
    expect(html).toMatch(/<button[^>]*autofocus>J&#39;accepte le devis<\/button>/);
    expect(await actionsOf('t1')).toEqual([]);
    expect((await h.db.doc('tickets/t1').get()).get('quoteDecision')).toBeUndefined();
    // An action the page does not offer highlights nothing.
    expect(await page(`/t/${id}?action=coming_today`)).not.toContain('autofocus');
  });
});

describe('POST /t/:linkId/action', () => {
  it('applies an accepted quote once: the same nonce again changes nothing and logs nothing more', async () => {
    const id = await quotePending();
    const form = formOf(await page(`/t/${id}`), 'quote_accept');

    const first = await post(`/t/${id}/action`, form);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`../${id}?reponse=quote_accept#actions`);
    const again = await post(`/t/${id}/action`, form);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(`../${id}?reponse=quote_accept#actions`);

    const t = (await h.db.doc('tickets/t1').get()).data();
    expect(t).toMatchObject({ quoteDecision: 'accepted', quoteDecisionAmountEur: 249 });
    const logs = await actionsOf('t1');
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      action: 'quote_accept',
      outcome: 'applied',
      channel: 'web',
      via: 'web',
      linkId: id,
      nonce: form.nonce,
      ipHash: hashIp(IP, h.deps.config.shortLinkSecret),
      clientId: 'c1',
      shown: {
        text: `Devis : 249 €\n${DETAILS}\nJ'accepte ce devis de 249 € : la boutique lance la réparation.`,
        amountEur: 249,
        notificationId: null,
      },
    });
    expect(logs[0]?.ipHash).not.toContain('203.0.113');

    // The page after the redirect: the confirmation, the decision taken instead of the forms.
    const after = await page(`/t/${id}?reponse=quote_accept`);
    expect(after).toContain(
      'C&#39;est enregistré : votre accord pour le devis est bien enregistré. Nous lançons la réparation.',
    );
    expect(after).toMatch(/Devis accepté le \d\d\/\d\d à \d\d:\d\d \(249 €\)\./);
    expect(after).not.toContain('value="quote_accept"');
    expect(after).not.toContain('value="quote_decline"');
    expect(after).toContain('value="call_me"');
  });

  it('refuses a quote already decided with its reason (a second tab still showing the forms)', async () => {
    const id = await quotePending();
    const tab1 = await page(`/t/${id}`);
    const tab2 = await page(`/t/${id}`);
    expect((await post(`/t/${id}/action`, formOf(tab1, 'quote_accept'))).status).toBe(303);
    const refused = await post(`/t/${id}/action`, formOf(tab2, 'quote_decline'));
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toBe(
      `../${id}?reponse=refused_quote_already_decided#actions`,
    );
    expect((await h.db.doc('tickets/t1').get()).get('quoteDecision')).toBe('accepted');
    const logs = await actionsOf('t1');
    expect(logs.map((l) => [l.action, l.outcome, l.reason]).sort()).toEqual([
      ['quote_accept', 'applied', null],
      ['quote_decline', 'refused', 'quote_already_decided'],
    ]);
    const shown = await page(`/t/${id}?reponse=refused_quote_already_decided`);
    expect(shown).toContain('role="alert">Ce devis a déjà reçu une réponse : rien n’a été changé.');
  });

  it('refuses a form posted from another site (403) and records nothing', async () => {
    const id = await quotePending();
    const form = formOf(await page(`/t/${id}`), 'quote_accept');
    const forged = await post(`/t/${id}/action`, form, { origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('Ce formulaire vient d’un autre site.');
    expect(await actionsOf('t1')).toEqual([]);
    expect((await h.db.doc('tickets/t1').get()).get('quoteDecision')).toBeUndefined();
  });

  it('answers 400 to an unknown action, a malformed nonce or a missing digest, and records nothing', async () => {
    const id = await quotePending();
    const form = formOf(await page(`/t/${id}`), 'quote_accept');
    const malformed: Array<Record<string, string>> = [
      { ...form, action: 'delete_ticket' },
      { ...form, nonce: 'short' },
      { ...form, nonce: '../../etc/passwd-aaaaaaaaaaaaaaaa' },
      { action: form.action as string, nonce: form.nonce as string },
      { ...form, extra: 'x' },
    ];
    for (const bad of malformed) {
      const res = await post(`/t/${id}/action`, bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(await res.text()).toContain('Votre réponse n’a pas pu être lue.');
    }
    expect(await actionsOf('t1')).toEqual([]);
  });

  it('records nothing when the quote changed after the page was shown, and says so', async () => {
    const id = await quotePending();
    const form = formOf(await page(`/t/${id}`), 'quote_accept');
    await h.db.doc('tickets/t1').update({ amountDueEur: 289 });
    const res = await post(`/t/${id}/action`, form);
    expect(res.headers.get('location')).toBe(`../${id}?reponse=changed#actions`);
    expect(await actionsOf('t1')).toEqual([]);
    const html = await page(`/t/${id}?reponse=changed`);
    expect(html).toContain('Le devis a changé depuis l&#39;affichage de la page');
    expect(html).toContain('Devis : <strong>289 €</strong>');
  });

  it('a form already recorded, posted again after the quote changed, answers as the duplicate it is', async () => {
    const id = await quotePending();
    const form = formOf(await page(`/t/${id}`), 'quote_accept');
    expect((await post(`/t/${id}/action`, form)).headers.get('location')).toContain(
      '?reponse=quote_accept',
    );
    await h.db.doc('tickets/t1').update({ amountDueEur: 289 });
    const again = await post(`/t/${id}/action`, form);
    expect(again.headers.get('location')).toBe(`../${id}?reponse=quote_accept#actions`);
    const logs = await actionsOf('t1');
    expect(logs).toHaveLength(1);
    expect(logs[0]?.shown).toMatchObject({ amountEur: 249 });
  });

  it('rate-limits the posts of one link (429 with Retry-After)', async () => {
    const id = await quotePending();
    const limited = build({ writesPerOwner: { limit: 2, windowMs: 60_000 } });
    const html = await page(`/t/${id}`);
    const call = formOf(html, 'call_me');
    expect((await post(`/t/${id}/action`, call, {}, limited)).status).toBe(303);
    expect((await post(`/t/${id}/action`, call, {}, limited)).status).toBe(303);
    const third = await post(`/t/${id}/action`, formOf(html, 'quote_accept'), {}, limited);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await h.db.doc('tickets/t1').get()).get('quoteDecision')).toBeUndefined();
    expect((await actionsOf('t1')).map((l) => l.action)).toEqual(['call_me']);
  });
});

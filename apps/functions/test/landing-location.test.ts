import { parseShortLink } from '@omega/templates';
import { describe, expect, it } from 'vitest';
import { createCustomerApi } from '../src/customer-api/app.ts';
import { customerApiDepsFromPipeline } from '../src/customer-api/build-deps.ts';
import { type ApiHarness, stubVerifier, useApiHarness } from './api/support/api-harness.ts';
import { seedWalkIn, ticket } from './support/fixtures.ts';
import { createTicket } from './support/triggers.ts';

// Issue 16 item 4: the landing page behind a message's short link shows the shop's address
// with a link to the map.
let h: ApiHarness;
useApiHarness({
  started: (started) => {
    h = started;
  },
});

async function landingPage(): Promise<string> {
  await seedWalkIn(h.db, 'c1');
  await createTicket(h, 't1', ticket({ clientId: 'c1' }));
  await h.queue.drain();
  const sms = h.sandbox.messages().find((m) => m.direction === 'outbound-api');
  const url = /https:\/\/\S+\/t\/[A-Za-z0-9]+/.exec(String(sms?.body))?.[0] ?? '';
  const parsed = parseShortLink(url);
  if (!parsed.ok) throw new Error(`no short link in ${sms?.body}`);
  const app = createCustomerApi(
    customerApiDepsFromPipeline(h.deps, {
      auth: stubVerifier,
      appPublicUrl: 'https://app.omega.test',
    }),
  );
  const res = await app.request(`http://omega.test/t/${parsed.value.id}`, {
    headers: { 'x-forwarded-for': '203.0.113.7', host: 'omega.test' },
  });
  expect(res.status).toBe(200);
  return res.text();
}

async function shop(fields: Record<string, unknown>) {
  await h.db.doc('settings/notifications').set(
    {
      shop: {
        hours: 'mar-sam 10h-18h30',
        address: '7 place Bellecour, 69002 Lyon',
        phone: '04 72 00 00 00',
        latitude: 45.7578,
        longitude: 4.832,
        locationLabel: 'O’MEGA Lyon',
        ...fields,
      },
    },
    { merge: true },
  );
  h.deps.settings.invalidate();
}

describe('the landing page shows the shop’s address with a maps link', () => {
  it('the shop’s own maps link, beside the address', async () => {
    await shop({ mapsUrl: 'https://maps.app.goo.gl/Lyon2Bellecour' });
    const page = await landingPage();
    const section = page.slice(page.indexOf('id="titre-boutique"'));
    expect(section).toContain('7 place Bellecour, 69002 Lyon');
    expect(section).toContain(
      '<a href="https://maps.app.goo.gl/Lyon2Bellecour" target="_blank" rel="noopener">Voir l’itinéraire vers la boutique</a>',
    );
  });

  it('without one, Google Maps at the shop’s coordinates (the query’s & escaped)', async () => {
    await shop({ mapsUrl: null });
    const page = await landingPage();
    expect(page).toContain(
      'href="https://www.google.com/maps/search/?api=1&amp;query=45.7578,4.832"',
    );
  });
});

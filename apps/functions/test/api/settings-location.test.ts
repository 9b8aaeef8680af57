import { describe, expect, it } from 'vitest';
import { type ApiHarness, TOKENS, useApiHarness } from './support/api-harness.ts';

let h: ApiHarness;
useApiHarness({
  started: (started) => {
    h = started;
  },
});

const SHOP = {
  hours: 'mar-sam 10h-18h30',
  address: '7 place Bellecour, 69002 Lyon',
  phone: '04 72 00 00 00',
  storageDays: 60,
};

type ShopView = {
  shop: { latitude: number; longitude: number; locationLabel: string; mapsUrl: string | null };
  shopMapsUrl: string;
};

describe('the shop’s location in the settings (issue 16 item 4)', () => {
  it('stores the coordinates, label and maps URL; without a maps URL the derived one is shown', async () => {
    const derived = await h.json<ShopView>('PUT', '/api/staff/settings', {
      token: TOKENS.admin,
      body: {
        shop: {
          ...SHOP,
          latitude: 45.7578,
          longitude: 4.832,
          locationLabel: 'O’MEGA Lyon',
          mapsUrl: null,
        },
      },
    });
    expect(derived.status).toBe(200);
    expect(derived.body.shop).toMatchObject({ latitude: 45.7578, longitude: 4.832, mapsUrl: null });
    expect(derived.body.shopMapsUrl).toBe(
      'https://www.google.com/maps/search/?api=1&query=45.7578,4.832',
    );
    const own = await h.json<ShopView>('PUT', '/api/staff/settings', {
      token: TOKENS.admin,
      body: {
        shop: {
          ...SHOP,
          latitude: 45.7578,
          longitude: 4.832,
          locationLabel: 'O’MEGA Lyon',
          mapsUrl: 'https://maps.app.goo.gl/Lyon2Bellecour',
        },
      },
    });
    expect(own.body.shopMapsUrl).toBe('https://maps.app.goo.gl/Lyon2Bellecour');
    expect((await h.deps.settings.get()).shop).toMatchObject({
      latitude: 45.7578,
      mapsUrl: 'https://maps.app.goo.gl/Lyon2Bellecour',
    });
  });

  it.each([
    [
      'a latitude out of range',
      { latitude: 123 },
      'la latitude doit être comprise entre -90 et 90',
    ],
    [
      'a longitude out of range',
      { longitude: -200 },
      'la longitude doit être comprise entre -180 et 180',
    ],
    [
      'a maps URL that is not https',
      { mapsUrl: 'http://maps.google.com/?q=45.75,4.83' },
      'le lien de la carte doit être une adresse https',
    ],
  ])('refuses %s with its message and stores nothing', async (_label, change, message) => {
    const before = (await h.db.doc('settings/notifications').get()).data()?.shop ?? null;
    const res = await h.json<{ error: { code: string; message: string } }>(
      'PUT',
      '/api/staff/settings',
      {
        token: TOKENS.admin,
        body: { shop: { ...SHOP, latitude: 45.7, longitude: 4.8, ...change } },
      },
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain(message);
    expect((await h.db.doc('settings/notifications').get()).data()?.shop ?? null).toEqual(before);
  });
});

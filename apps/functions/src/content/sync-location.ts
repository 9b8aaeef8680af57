import { shopLocationContent } from '@omega/templates';
import type { Firestore } from 'firebase-admin/firestore';
import type { LazyTwilio } from '../adapters/twilio-client/index.ts';
import { parseSettings, type ShopSettings } from '../settings/settings-schema.ts';
import { SETTINGS_DOC } from '../store/collections.ts';
import { ts } from '../store/timestamps.ts';

/** The shop's `twilio/location` content as the settings describe it now. */
export function shopLocationOfSettings(shop: ShopSettings) {
  return shopLocationContent({
    latitude: shop.latitude,
    longitude: shop.longitude,
    label: shop.locationLabel,
    address: shop.address,
  });
}

/**
 * Makes Twilio's Content API hold the shop's location pin (`twilio/location`, from the shop
 * settings' coordinates, label and address) and stores its SID in
 * `settings/notifications.whatsappTemplates` under its name (`approval: 'unsubmitted'`: WhatsApp
 * cannot approve a location, it is only sent inside the 24 h window, where no approval is needed).
 * Found by name when it exists: the name carries a hash of what it shows, so a moved shop is a
 * new content. Part of `templates:sync`; the settings API runs it after a change of the shop.
 */
export async function syncShopLocation(
  db: Firestore,
  twilio: LazyTwilio,
  options: { now?: Date } = {},
): Promise<{ friendlyName: string; contentSid: string; created: boolean }> {
  const { settings } = parseSettings((await db.doc(SETTINGS_DOC).get()).data());
  const content = shopLocationOfSettings(settings.shop);
  const client = await twilio();
  const contents = client.content.v1.contents;
  const found = (await contents.list({ pageSize: 500 })).find(
    (c) => c.friendlyName === content.friendlyName,
  );
  const sid =
    found?.sid ??
    (
      await contents.create(
        content.contentApiRequest as unknown as Parameters<typeof contents.create>[0],
      )
    ).sid;
  await db.doc(SETTINGS_DOC).set(
    {
      whatsappTemplates: {
        [content.friendlyName]: {
          contentSid: sid,
          approval: 'unsubmitted',
          rejectionReason: null,
          friendlyName: content.friendlyName,
          syncedAt: ts(options.now ?? new Date()),
        },
      },
    },
    { merge: true },
  );
  return { friendlyName: content.friendlyName, contentSid: sid, created: !found };
}

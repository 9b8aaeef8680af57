import { html } from 'hono/html';
import type { LinkView } from './view.ts';

/**
 * The landing page's shop section: address, hours and phone, and the maps link (the shop's
 * `mapsUrl`, or Google Maps at its coordinates: core's `shopMapsUrl`) — opens the phone's maps
 * app in a new tab. Every value is escaped by hono's `html`.
 */
export function renderShopBlock(shop: LinkView['shop']) {
  return html`<section aria-labelledby="titre-boutique">
<h2 id="titre-boutique">La boutique</h2>
<p>${shop.address}<br>${shop.hours}<br>Tél. ${shop.phone}</p>
<p><a href="${shop.mapsUrl}" target="_blank" rel="noopener">Voir l’itinéraire vers la boutique</a></p>
</section>`;
}

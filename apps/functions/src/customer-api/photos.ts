import type { Firestore } from 'firebase-admin/firestore';
import { html } from 'hono/html';
import type { MediaDeps } from '../media/deps.ts';
import { listPhotos, type PhotoLabel } from '../media/photos.ts';
import { mediaUrl } from '../media/signed-url.ts';

/** How long the landing page's photo links work (a page left open a while still shows them). */
export const PAGE_PHOTO_TTL_MS = 60 * 60_000;

/** The photos the landing page shows: those staff shared with the customer. */
export type PhotosBlock = { photos: Array<{ url: string; label: PhotoLabel; alt: string }> } | null;

const LABELS: Record<PhotoLabel, string> = {
  before: 'Avant la réparation',
  after: 'Après la réparation',
  diagnosis: 'Constaté au diagnostic',
};

/**
 * The ticket's shared photos (chosen for a message or sent with one: SMS never carries media,
 * so this page is where an SMS customer sees them), each with a signed link valid
 * {@link PAGE_PHOTO_TTL_MS}; null when there is none or photos are not configured.
 */
export async function photosBlock(
  db: Firestore,
  media: MediaDeps | undefined,
  ticketId: string,
  now: Date,
): Promise<PhotosBlock> {
  if (!media) return null;
  const shared = (await listPhotos(db, ticketId)).filter((p) => p.sendPending || p.sentWith);
  if (shared.length === 0) return null;
  const expiresAt = new Date(now.getTime() + PAGE_PHOTO_TTL_MS);
  return {
    // Same-origin paths: the page's CSP allows images from 'self' only, and the links site serves
    // /m/** next to /t/** whatever its host.
    photos: shared.map((p) => ({
      url: mediaUrl('', media.signingSecret, { path: p.path, expiresAt }),
      label: p.label,
      alt: `Photo de votre appareil : ${LABELS[p.label].toLowerCase()}`,
    })),
  };
}

/** The photo section of the landing page (no script; each image links to itself full size). */
export function renderPhotosBlock(block: PhotosBlock) {
  if (!block) return '';
  return html`<section aria-labelledby="titre-photos">
<h2 id="titre-photos">Photos de votre appareil</h2>
${block.photos.map(
  (
    p,
  ) => html`<figure style="margin:0 0 12px"><a href="${p.url}"><img src="${p.url}" alt="${p.alt}" style="max-width:100%;height:auto;border-radius:8px"></a>
<figcaption class="muted">${LABELS[p.label]}</figcaption></figure>`,
)}
</section>`;
}

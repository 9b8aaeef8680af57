// Photos: staff photos of a ticket and customers' photos on WhatsApp — limits, the resize
// that strips metadata, storage through firebase-admin, signed expiring links.
export type { MediaDeps, TwilioMediaAccess } from './deps.ts';
export { normalizePhoto } from './image.ts';
export {
  checkMedia,
  INBOUND_MEDIA_LIMITS,
  type MediaRefusal,
  PHOTO_MAX_EDGE,
  STAFF_PHOTO_LIMITS,
} from './limits.ts';
export {
  addPhotoSent,
  listPhotos,
  PHOTO_LABELS,
  type PhotoLabel,
  pendingPhoto,
  photoPath,
  photosOf,
  readPhoto,
  type TicketPhoto,
} from './photos.ts';
export { mediaUrl, verifyMediaToken } from './signed-url.ts';
export { firebaseMediaStore, type MediaStore, type StoredMedia } from './store.ts';

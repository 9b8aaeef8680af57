import { createHash } from 'node:crypto';
import { type DocumentSnapshot, Timestamp } from 'firebase-admin/firestore';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { ApiError, notFound, valid } from '../../http/index.ts';
import type { MediaDeps } from '../../media/deps.ts';
import { normalizePhoto } from '../../media/image.ts';
import { checkMedia, STAFF_PHOTO_LIMITS } from '../../media/limits.ts';
import {
  listPhotos,
  PHOTO_LABELS,
  photoPath,
  photosOf,
  readPhoto,
  type TicketPhoto,
} from '../../media/photos.ts';
import { mediaUrl } from '../../media/signed-url.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import type { StaffEnv } from '../auth.ts';
import type { ApiDeps } from '../deps.ts';
import { idempotencyKey, idempotencyKeyReused } from '../idempotency.ts';
import { zDocId } from '../schemas.ts';

/** How long the dashboard's view links of a photo work. */
export const VIEW_LINK_TTL_MS = 15 * 60_000;

const ticketParam = z.object({ ticketId: zDocId });
const photoParam = z.object({ ticketId: zDocId, photoId: z.string().regex(/^[a-f0-9]{20}$/) });
const zLabel = z.enum(PHOTO_LABELS, { message: 'libellé : before, after ou diagnosis' });
const uploadQuery = z.object({ label: zLabel });
const updateBody = z
  .object({
    label: zLabel.optional(),
    /** true: goes out with the ticket's next WhatsApp message; false: not any more. */
    send: z.boolean().optional(),
  })
  .strict()
  .refine((b) => b.label !== undefined || b.send !== undefined, 'label ou send requis');

/** The photo upload (`POST /api/staff/tickets/:id/photos`): its own body limit, not the JSON one. */
export function isPhotoUpload(method: string, path: string): boolean {
  return method === 'POST' && /^\/api\/staff\/tickets\/[^/]+\/photos\/?$/.test(path);
}

function sha256(value: string | Uint8Array): string {
  return createHash('sha256').update(value).digest('hex');
}

function media(deps: ApiDeps): MediaDeps {
  if (!deps.media)
    throw new ApiError(503, 'photos_unavailable', 'Stockage des photos non configuré.');
  return deps.media;
}

/** A photo as the dashboard shows it, with a view link valid {@link VIEW_LINK_TTL_MS}. */
function photoJson(photo: TicketPhoto, deps: ApiDeps, now: Date) {
  const m = media(deps);
  return {
    id: photo.id,
    label: photo.label,
    width: photo.width,
    height: photo.height,
    size: photo.size,
    contentType: photo.contentType,
    original: photo.original,
    createdAt: photo.createdAt.toISOString(),
    createdBy: photo.createdBy,
    sendPending: photo.sendPending,
    sentWith: photo.sentWith ? { ...photo.sentWith, at: photo.sentWith.at.toISOString() } : null,
    url: mediaUrl(m.publicUrl, m.signingSecret, {
      path: photo.path,
      expiresAt: new Date(now.getTime() + VIEW_LINK_TTL_MS),
    }),
  };
}

/**
 * Ticket photos (before/after, damage found at diagnosis), `/api/staff/tickets/:ticketId/photos`:
 * list; upload (the image as the body, `Content-Type` its type, `?label=`, an `Idempotency-Key`:
 * the same key stores once) — checked by its bytes (JPEG, PNG, WebP; ≤ 10 MB: a readable 413 /
 * 415 otherwise), resized to 1600 px and re-encoded without metadata (EXIF, GPS), stored through
 * firebase-admin's storage with a document per photo; relabel or choose it for the next WhatsApp
 * message (`POST …/:photoId`); delete (`POST …/:photoId/delete`).
 */
export function photoRoutes(deps: ApiDeps) {
  const ticketExists = async (ticketId: string) => {
    const snap = await deps.db.collection(COLLECTIONS.tickets).doc(ticketId).get();
    if (!snap.exists) throw notFound('Ticket');
  };
  const loadPhoto = async (ticketId: string, photoId: string) => {
    const snap = await photosOf(deps.db, ticketId).doc(photoId).get();
    const photo = readPhoto(snap.id, snap.data());
    if (!photo) throw notFound('Photo');
    return { snap, photo };
  };
  return new Hono<StaffEnv>()
    .get('/:ticketId/photos', valid('param', ticketParam), async (c) => {
      const { ticketId } = c.req.valid('param');
      await ticketExists(ticketId);
      const now = deps.clock();
      const photos = await listPhotos(deps.db, ticketId);
      return c.json({
        photos: photos.map((p) => photoJson(p, deps, now)),
        limits: {
          maxBytes: STAFF_PHOTO_LIMITS.maxBytes,
          types: STAFF_PHOTO_LIMITS.types,
          labels: PHOTO_LABELS,
        },
      });
    })
    .post(
      '/:ticketId/photos',
      bodyLimit({
        maxSize: STAFF_PHOTO_LIMITS.maxBytes,
        onError: () => {
          throw new ApiError(
            413,
            'too_large',
            'Photo trop lourde : 10 Mo au plus (JPEG, PNG ou WebP).',
          );
        },
      }),
      valid('param', ticketParam),
      valid('query', uploadQuery),
      async (c) => {
        const { ticketId } = c.req.valid('param');
        const { label } = c.req.valid('query');
        const key = idempotencyKey(c);
        const m = media(deps);
        await ticketExists(ticketId);
        const bytes = new Uint8Array(await c.req.arrayBuffer());
        const checked = checkMedia(bytes, STAFF_PHOTO_LIMITS);
        if (!checked.ok) {
          const status =
            checked.error.code === 'too_large' ? 413 : checked.error.code === 'empty' ? 400 : 415;
          throw new ApiError(status, checked.error.code, checked.error.message);
        }
        // The key names the photo: a retried upload finds it; the same key with other bytes is refused.
        const photoId = sha256(`${c.var.staff.uid}\u0000${ticketId}\u0000${key}`).slice(0, 20);
        const fingerprint = sha256(bytes);
        const ref = photosOf(deps.db, ticketId).doc(photoId);
        const existing = await ref.get();
        const replay = (snap: DocumentSnapshot) => {
          if (snap.get('fingerprint') !== fingerprint) throw idempotencyKeyReused();
          const photo = readPhoto(snap.id, snap.data());
          if (!photo) throw notFound('Photo');
          return c.json({ photo: photoJson(photo, deps, deps.clock()), replayed: true }, 200);
        };
        if (existing.exists) return replay(existing);
        const normalized = await normalizePhoto(bytes);
        if (!normalized.ok)
          throw new ApiError(415, normalized.error.code, normalized.error.message);
        const path = photoPath(ticketId, photoId);
        await m.store.put(path, normalized.value.bytes, {
          contentType: normalized.value.contentType,
          metadata: { ticketId, photoId, label },
        });
        const now = deps.clock();
        const doc = {
          ticketId,
          label,
          path,
          contentType: normalized.value.contentType,
          size: normalized.value.bytes.length,
          width: normalized.value.width,
          height: normalized.value.height,
          original: { type: checked.value, size: bytes.length },
          fingerprint,
          createdAt: Timestamp.fromDate(now),
          createdBy: c.var.staff.uid,
          sendPending: false,
          sendRequestedAt: null,
          sentWith: null,
        };
        try {
          await ref.create(doc);
        } catch (error) {
          // The same upload twice at once: the first one's document stands.
          if ((error as { code?: unknown }).code === 6) return replay(await ref.get());
          throw error;
        }
        const photo = readPhoto(photoId, doc) as TicketPhoto;
        return c.json({ photo: photoJson(photo, deps, now), replayed: false }, 201);
      },
    )
    .post(
      '/:ticketId/photos/:photoId',
      valid('param', photoParam),
      valid('json', updateBody),
      async (c) => {
        const { ticketId, photoId } = c.req.valid('param');
        const body = c.req.valid('json');
        const { snap } = await loadPhoto(ticketId, photoId);
        const now = Timestamp.fromDate(deps.clock());
        const batch = deps.db.batch();
        if (body.send === true) {
          // One photo goes out with the next message: choosing one un-chooses the others.
          const chosen = await photosOf(deps.db, ticketId).where('sendPending', '==', true).get();
          for (const other of chosen.docs)
            if (other.id !== photoId) batch.update(other.ref, { sendPending: false });
        }
        batch.update(snap.ref, {
          ...(body.label ? { label: body.label } : {}),
          ...(body.send === true
            ? { sendPending: true, sendRequestedAt: now, sendRequestedBy: c.var.staff.uid }
            : {}),
          ...(body.send === false ? { sendPending: false } : {}),
        });
        await batch.commit();
        const { photo } = await loadPhoto(ticketId, photoId);
        return c.json({ photo: photoJson(photo, deps, deps.clock()) });
      },
    )
    .post('/:ticketId/photos/:photoId/delete', valid('param', photoParam), async (c) => {
      const { ticketId, photoId } = c.req.valid('param');
      const { snap, photo } = await loadPhoto(ticketId, photoId);
      // The object first: a document without its object would show a broken photo.
      await media(deps).store.delete(photo.path);
      await snap.ref.delete();
      return c.json({ deleted: photoId });
    });
}

import type { Firestore, WriteBatch } from 'firebase-admin/firestore';
import { Timestamp } from 'firebase-admin/firestore';
import { COLLECTIONS } from '../store/collections.ts';

/** What a staff photo shows. */
export const PHOTO_LABELS = ['before', 'after', 'diagnosis'] as const;
export type PhotoLabel = (typeof PHOTO_LABELS)[number];

/** Sub-collection of a ticket holding its photos (`tickets/{ticketId}/photos/{photoId}`). */
export const PHOTOS = 'photos';

/** A staff photo of a ticket, as stored (docs/data-model.md, "Photos"). */
export interface TicketPhoto {
  id: string;
  ticketId: string;
  label: PhotoLabel;
  /** The object in the bucket (`tickets/{ticketId}/photos/{photoId}.jpg`). */
  path: string;
  contentType: string;
  size: number;
  width: number;
  height: number;
  /** What was uploaded (type by its bytes, size) before the resize. */
  original: { type: string; size: number };
  createdAt: Date;
  createdBy: string;
  /** Staff chose it to go out with the ticket's next WhatsApp message. */
  sendPending: boolean;
  sendRequestedAt: Date | null;
  /** The message that carried it, once sent. */
  sentWith: { notificationId: string; channel: string; at: Date } | null;
}

/** The object path of a photo. */
export function photoPath(ticketId: string, photoId: string): string {
  return `tickets/${ticketId}/photos/${photoId}.jpg`;
}

export function photosOf(db: Firestore, ticketId: string) {
  return db.collection(COLLECTIONS.tickets).doc(ticketId).collection(PHOTOS);
}

const dateOf = (value: unknown): Date | null =>
  value instanceof Timestamp ? value.toDate() : value instanceof Date ? value : null;

/** A stored photo document as {@link TicketPhoto}, or null when it is not one (pure). */
export function readPhoto(
  id: string,
  data: Record<string, unknown> | undefined,
): TicketPhoto | null {
  if (!data || typeof data.path !== 'string' || typeof data.ticketId !== 'string') return null;
  const label = PHOTO_LABELS.includes(data.label as PhotoLabel)
    ? (data.label as PhotoLabel)
    : 'diagnosis';
  const sent = data.sentWith as {
    notificationId?: unknown;
    channel?: unknown;
    at?: unknown;
  } | null;
  const original = (data.original ?? {}) as { type?: unknown; size?: unknown };
  return {
    id,
    ticketId: data.ticketId,
    label,
    path: data.path,
    contentType: String(data.contentType ?? 'image/jpeg'),
    size: Number(data.size ?? 0),
    width: Number(data.width ?? 0),
    height: Number(data.height ?? 0),
    original: { type: String(original.type ?? ''), size: Number(original.size ?? 0) },
    createdAt: dateOf(data.createdAt) ?? new Date(0),
    createdBy: String(data.createdBy ?? ''),
    sendPending: data.sendPending === true,
    sendRequestedAt: dateOf(data.sendRequestedAt),
    sentWith:
      sent && typeof sent.notificationId === 'string'
        ? {
            notificationId: sent.notificationId,
            channel: String(sent.channel ?? ''),
            at: dateOf(sent.at) ?? new Date(0),
          }
        : null,
  };
}

/** Every photo of a ticket, oldest first. */
export async function listPhotos(db: Firestore, ticketId: string): Promise<TicketPhoto[]> {
  const snap = await photosOf(db, ticketId).get();
  return snap.docs
    .map((d) => readPhoto(d.id, d.data()))
    .filter((p): p is TicketPhoto => p !== null)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/** The photo staff chose for the ticket's next WhatsApp message, or null. */
export async function pendingPhoto(db: Firestore, ticketId: string): Promise<TicketPhoto | null> {
  const snap = await photosOf(db, ticketId).where('sendPending', '==', true).get();
  const photos = snap.docs
    .map((d) => readPhoto(d.id, d.data()))
    .filter((p): p is TicketPhoto => p !== null)
    .sort((a, b) => (b.sendRequestedAt?.getTime() ?? 0) - (a.sendRequestedAt?.getTime() ?? 0));
  return photos[0] ?? null;
}

/**
 * Marks a photo sent with a message, in the batch that records the provider's acceptance (the
 * history's `metadata.media` says which photo went): it goes out once.
 */
export function addPhotoSent(
  batch: WriteBatch,
  db: Firestore,
  media: { ticketId: string; photoId: string },
  sent: { notificationId: string; channel: string; at: Date },
): void {
  batch.set(
    photosOf(db, media.ticketId).doc(media.photoId),
    {
      sendPending: false,
      sentWith: {
        notificationId: sent.notificationId,
        channel: sent.channel,
        at: Timestamp.fromDate(sent.at),
      },
    },
    { merge: true },
  );
}

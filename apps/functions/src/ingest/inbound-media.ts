import type { ForwardedEvent } from '@omega/forwarding';
import type { Firestore } from 'firebase-admin/firestore';
import type { TwilioMediaAccess } from '../media/deps.ts';
import { normalizePhoto } from '../media/image.ts';
import { checkMedia, INBOUND_MEDIA_LIMITS } from '../media/limits.ts';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { COLLECTIONS } from '../store/collections.ts';
import { ts } from '../store/timestamps.ts';

/** Media per message Twilio sends at most (`MediaUrl0` … `MediaUrl9`). */
export const MAX_INBOUND_MEDIA = 10;
/** Fetch attempts (one per delivery of the event) before a media is marked `failed`. */
export const MEDIA_FETCH_ATTEMPTS = 3;

/** A customer's media as the message document keeps it (`conversations/{e164}/messages/{sid}.media[]`). */
export interface InboundMediaRef {
  index: number;
  /** Twilio's `MediaUrl{N}`. */
  url: string;
  /** Twilio's `MediaContentType{N}` (what the customer's phone said). */
  contentType: string;
  /** `pending` until fetched; `stored` (in `path`); `refused` (too large, a type we do not take); `failed` (could not be fetched). */
  status: 'pending' | 'stored' | 'refused' | 'failed';
  path?: string;
  size?: number;
  width?: number;
  height?: number;
  /** Stable code and a French sentence staff can read, for `refused` and `failed`. */
  reason?: { code: string; message: string } | null;
  attempts?: number;
}

function param(event: ForwardedEvent, name: string): string | null {
  const value = event.params[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value[0] ?? null;
  return null;
}

/**
 * The media an inbound webhook announces (`NumMedia`, `MediaUrl{N}`, `MediaContentType{N}`), all
 * `pending` (pure). Stored on the message document in its batch; fetched after it
 * ({@link fetchInboundMedia}).
 */
export function inboundMediaRefs(event: ForwardedEvent): InboundMediaRef[] {
  const count = Math.min(Number(param(event, 'NumMedia') ?? 0) || 0, MAX_INBOUND_MEDIA);
  const refs: InboundMediaRef[] = [];
  for (let index = 0; index < count; index++) {
    const url = param(event, `MediaUrl${index}`);
    if (!url) continue;
    refs.push({
      index,
      url,
      contentType: param(event, `MediaContentType${index}`) ?? 'application/octet-stream',
      status: 'pending',
    });
  }
  return refs;
}

/** The message document's fields for its media (none when the message has none). */
export function inboundMediaFields(event: ForwardedEvent): { media?: InboundMediaRef[] } {
  const media = inboundMediaRefs(event);
  return media.length > 0 ? { media } : {};
}

/** The object path of a customer's media: no phone number in it (erasure deletes by message). */
export function inboundMediaPath(messageSid: string, index: number): string {
  return `inbound/${messageSid}/${index}.jpg`;
}

class TransientMediaError extends Error {}

type Fetched = { ok: true; bytes: Uint8Array } | { ok: false; code: string; message: string };

/**
 * GETs a Twilio media URL with the account's Basic auth — only on Twilio's origin (or the
 * sandbox's): anywhere else the credentials are never sent — and follows Twilio's redirect to
 * its media storage without them. Refuses a declared size over the limit before reading, and
 * stops reading past it. Throws {@link TransientMediaError} for what a retry can fix.
 */
async function fetchTwilioMedia(
  url: string,
  access: TwilioMediaAccess,
  doFetch: typeof fetch,
): Promise<Fetched> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, code: 'invalid_url', message: 'Adresse du média illisible.' };
  }
  if (!access.origins.includes(parsed.origin)) {
    return {
      ok: false,
      code: 'untrusted_url',
      message: `Média refusé : il ne vient pas de Twilio (${parsed.origin}).`,
    };
  }
  const auth = `Basic ${Buffer.from(`${access.accountSid}:${access.authToken}`).toString('base64')}`;
  let res: Response;
  try {
    res = await doFetch(url, {
      headers: { Authorization: auth },
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
    });
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      res = await doFetch(new URL(location, url), {
        redirect: 'follow',
        signal: AbortSignal.timeout(15_000),
      });
    }
  } catch (error) {
    throw new TransientMediaError(error instanceof Error ? error.message : String(error));
  }
  if (res.status >= 500 || res.status === 429) throw new TransientMediaError(`HTTP ${res.status}`);
  if (!res.ok) {
    return {
      ok: false,
      code: `http_${res.status}`,
      message: `Twilio n’a pas donné le média (HTTP ${res.status}).`,
    };
  }
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > INBOUND_MEDIA_LIMITS.maxBytes) {
    await res.body?.cancel();
    return tooLarge(declared);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  for (;;) {
    const next = await reader?.read();
    if (!next || next.done) break;
    size += next.value.length;
    if (size > INBOUND_MEDIA_LIMITS.maxBytes) {
      await reader?.cancel();
      return tooLarge(size);
    }
    chunks.push(next.value);
  }
  return { ok: true, bytes: Buffer.concat(chunks) };
}

function tooLarge(size: number): Fetched {
  const checked = checkMedia(new Uint8Array(size), INBOUND_MEDIA_LIMITS);
  return checked.ok
    ? { ok: false, code: 'too_large', message: 'Photo trop lourde.' }
    : { ok: false, code: checked.error.code, message: checked.error.message };
}

/** One media: fetched, checked, resized without metadata and stored — or why not. */
async function fetchOne(
  deps: PipelineDeps,
  messageSid: string,
  ref: InboundMediaRef,
): Promise<InboundMediaRef> {
  const media = deps.media;
  if (!media?.twilio) {
    return {
      ...ref,
      status: 'failed',
      reason: { code: 'not_configured', message: 'Récupération des médias non configurée.' },
    };
  }
  // What the phone declared is checked first: a video or a PDF is not downloaded at all.
  const declaredType = ref.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!(INBOUND_MEDIA_LIMITS.types as readonly string[]).includes(declaredType)) {
    return {
      ...ref,
      status: 'refused',
      reason: {
        code: 'unsupported_type',
        message: `Format non pris en charge (${declaredType || 'inconnu'}) : JPEG, PNG ou WebP seulement.`,
      },
    };
  }
  const fetched = await fetchTwilioMedia(ref.url, media.twilio, media.fetch ?? fetch);
  if (!fetched.ok) {
    return { ...ref, status: 'refused', reason: { code: fetched.code, message: fetched.message } };
  }
  const checked = checkMedia(fetched.bytes, INBOUND_MEDIA_LIMITS);
  if (!checked.ok) return { ...ref, status: 'refused', reason: checked.error };
  const photo = await normalizePhoto(fetched.bytes);
  if (!photo.ok) return { ...ref, status: 'refused', reason: photo.error };
  const path = inboundMediaPath(messageSid, ref.index);
  try {
    // A create: a redelivery racing this one stores the object once.
    await media.store.put(path, photo.value.bytes, {
      contentType: photo.value.contentType,
      metadata: { messageSid, index: String(ref.index), original: checked.value },
      onlyIfAbsent: true,
    });
  } catch (error) {
    throw new TransientMediaError(error instanceof Error ? error.message : String(error));
  }
  return {
    ...ref,
    status: 'stored',
    path,
    size: photo.value.bytes.length,
    width: photo.value.width,
    height: photo.value.height,
    contentType: photo.value.contentType,
    reason: null,
  };
}

/**
 * After an inbound message's batch (and again on every redelivery of its webhook): each of its
 * media still `pending` is fetched from Twilio, checked (type, ≤ 10 MB), resized without
 * metadata, stored (`inbound/{MessageSid}/{N}.jpg`), and the message document says so —
 * `stored`, or `refused` with a reason staff can read. A failure a retry can fix (Twilio or
 * storage unreachable) counts an attempt and throws, so the event is delivered again; after
 * {@link MEDIA_FETCH_ATTEMPTS} it is `failed` with the reason. Nothing is stored twice, nothing
 * is silently lost.
 */
export async function fetchInboundMedia(
  deps: PipelineDeps,
  input: { e164: string; messageSid: string; event: ForwardedEvent },
): Promise<InboundMediaRef[]> {
  // A message without media costs nothing more (no read).
  if (inboundMediaRefs(input.event).length === 0) return [];
  const ref = messageRef(deps.db, input.e164, input.messageSid);
  const snap = await ref.get();
  const media = (snap.get('media') ?? []) as InboundMediaRef[];
  if (!media.some((m) => m.status === 'pending')) return media;
  const next: InboundMediaRef[] = [];
  let transient: TransientMediaError | null = null;
  for (const item of media) {
    if (item.status !== 'pending') {
      next.push(item);
      continue;
    }
    try {
      next.push(await fetchOne(deps, input.messageSid, item));
    } catch (error) {
      if (!(error instanceof TransientMediaError)) throw error;
      const attempts = (item.attempts ?? 0) + 1;
      if (attempts >= MEDIA_FETCH_ATTEMPTS) {
        next.push({
          ...item,
          status: 'failed',
          attempts,
          reason: {
            code: 'fetch_failed',
            message: `Média non récupéré après ${attempts} essais (${error.message}).`,
          },
        });
      } else {
        next.push({ ...item, attempts });
        transient = error;
      }
    }
  }
  await ref.update({ media: next, mediaCheckedAt: ts(deps.clock()) });
  if (transient) throw new Error(`inbound media of ${input.messageSid}: ${transient.message}`);
  return next;
}

function messageRef(db: Firestore, e164: string, messageSid: string) {
  return db.collection(COLLECTIONS.conversations).doc(e164).collection('messages').doc(messageSid);
}

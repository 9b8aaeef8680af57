import { type Context, Hono } from 'hono';
import type { MediaDeps } from '../media/deps.ts';
import { verifyMediaToken } from '../media/signed-url.ts';

/**
 * `GET /m/<token>`: the object a signed media link names, streamed from storage — what a
 * WhatsApp message's `MediaUrl` and the landing page's photos point at. No login: the token
 * is the permission, and it expires. A tampered link is 403, an expired one 410, a photo
 * deleted since 404; each with a short French text and nothing else. A refused token counts
 * against `onRefused` (the per-IP limit of links that open nothing: token guessing stops there).
 */
export function mediaRoutes(
  media: () => MediaDeps | undefined,
  now: () => Date,
  onRefused: (c: Context) => void = () => {},
) {
  return new Hono().get('/:token', async (c) => {
    const deps = media();
    const text = (status: 403 | 404 | 410 | 503, message: string) => {
      c.header('cache-control', 'no-store');
      return c.text(message, status);
    };
    if (!deps) return text(503, 'Photos indisponibles.');
    const verified = verifyMediaToken(deps.signingSecret, c.req.param('token'), now());
    if (!verified.ok) {
      onRefused(c);
      return verified.error === 'expired'
        ? text(410, 'Ce lien de photo a expiré.')
        : text(403, 'Lien de photo invalide.');
    }
    const object = await deps.store.get(verified.value.path);
    if (!object) return text(404, 'Photo introuvable.');
    c.header('content-type', object.contentType);
    c.header('content-length', String(object.bytes.length));
    // Private: the link is personal; caches may keep it no longer than the link lives.
    const maxAge = Math.max(
      0,
      Math.floor((verified.value.expiresAt.getTime() - now().getTime()) / 1000),
    );
    c.header('cache-control', `private, max-age=${Math.min(maxAge, 3600)}`);
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
    return c.body(new Uint8Array(object.bytes), 200);
  });
}

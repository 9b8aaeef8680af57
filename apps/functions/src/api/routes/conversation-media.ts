import { Hono } from 'hono';
import { z } from 'zod';
import { valid } from '../../http/index.ts';
import { mediaUrl } from '../../media/signed-url.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import type { StaffEnv } from '../auth.ts';
import type { ApiDeps } from '../deps.ts';
import { zE164 } from '../schemas.ts';
import { VIEW_LINK_TTL_MS } from './photos.ts';

/** Messages of a conversation read for their media (the newest ones). */
const MESSAGES_READ = 200;

type StoredRef = {
  index?: unknown;
  status?: unknown;
  contentType?: unknown;
  path?: unknown;
  size?: unknown;
  width?: unknown;
  height?: unknown;
  reason?: { code?: unknown; message?: unknown } | null;
};

/**
 * `GET /api/staff/conversations/:e164/media`: the customer's photos of one conversation, by
 * message SID — each stored one with a view link valid 15 minutes, each refused or failed one
 * with its reason, each pending one as such (the fetch runs after the message is stored).
 */
export function conversationMediaRoutes(deps: ApiDeps) {
  return new Hono<StaffEnv>().get(
    '/:e164/media',
    valid('param', z.object({ e164: zE164 })),
    async (c) => {
      const { e164 } = c.req.valid('param');
      const snap = await deps.db
        .collection(COLLECTIONS.conversations)
        .doc(e164)
        .collection('messages')
        .orderBy('at', 'desc')
        .limit(MESSAGES_READ)
        .get();
      const now = deps.clock();
      const expiresAt = new Date(now.getTime() + VIEW_LINK_TTL_MS);
      const messages = snap.docs
        .filter((d) => Array.isArray(d.get('media')) && (d.get('media') as unknown[]).length > 0)
        .map((d) => ({
          messageSid: d.id,
          at:
            (d.get('at') as { toDate?: () => Date } | undefined)?.toDate?.().toISOString() ?? null,
          media: (d.get('media') as StoredRef[]).map((m) => ({
            index: Number(m.index ?? 0),
            status: String(m.status ?? 'pending'),
            contentType: String(m.contentType ?? ''),
            size: typeof m.size === 'number' ? m.size : null,
            width: typeof m.width === 'number' ? m.width : null,
            height: typeof m.height === 'number' ? m.height : null,
            reason:
              m.reason && typeof m.reason.message === 'string'
                ? { code: String(m.reason.code ?? ''), message: m.reason.message }
                : null,
            url:
              m.status === 'stored' && typeof m.path === 'string' && deps.media
                ? mediaUrl(deps.media.publicUrl, deps.media.signingSecret, {
                    path: m.path,
                    expiresAt,
                  })
                : null,
          })),
        }));
      return c.json({ messages });
    },
  );
}

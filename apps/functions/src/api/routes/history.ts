import { addCalendarDays, SHOP_TIME_ZONE, startOfZonedDay } from '@omega/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError, iso, notFound, str, valid } from '../../http/index.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import type { StaffEnv } from '../auth.ts';
import type { ApiDeps } from '../deps.ts';
import { zChannel, zDay, zDocId } from '../schemas.ts';
import { decodeCursor, historyItem, listHistory } from '../services/history.ts';

const historyQuery = z
  .object({
    channel: zChannel.optional(),
    status: z
      .string()
      .regex(/^[a-z_]{3,20}$/)
      .optional(),
    ticketId: zDocId.optional(),
    customerId: zDocId.optional(),
    clientId: zDocId.optional(),
    from: zDay.optional(),
    to: zDay.optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: '« from » doit précéder « to »',
    path: ['from'],
  })
  .refine((q) => !q.cursor || decodeCursor(q.cursor) !== null, {
    message: 'curseur invalide',
    path: ['cursor'],
  });

/** Notification history: filtered, paginated list and one message with its provider events. */
export function historyRoutes(deps: ApiDeps) {
  return new Hono<StaffEnv>()
    .get('/', valid('query', historyQuery), async (c) => {
      const q = c.req.valid('query');
      const page = await listHistory(deps.db, {
        channel: q.channel,
        status: q.status,
        ticketId: q.ticketId,
        customerId: q.customerId,
        clientId: q.clientId,
        // Days are the shop's: from its first instant to the first instant of the day after `to`.
        from: q.from ? startOfZonedDay(q.from, SHOP_TIME_ZONE) : undefined,
        to: q.to ? startOfZonedDay(addCalendarDays(q.to, 1), SHOP_TIME_ZONE) : undefined,
        cursor: q.cursor,
        limit: q.limit,
      });
      return c.json(page);
    })
    .get('/:id', valid('param', z.object({ id: zDocId })), async (c) => {
      const { id } = c.req.valid('param');
      const ref = deps.db.collection(COLLECTIONS.history).doc(id);
      const [doc, events] = await Promise.all([
        ref.get(),
        ref.collection(COLLECTIONS.statusEvents).limit(100).get(),
      ]);
      if (!doc.exists) throw notFound('Message');
      if (doc.get('erasedAt'))
        throw new ApiError(410, 'erased', 'Données effacées à la demande du client.');
      return c.json({
        item: historyItem(doc),
        bodyPreview: str(doc.get('bodyPreview')),
        providerEvents: events.docs
          .map((e) => ({
            id: e.id,
            status: str(e.get('status')) ?? '?',
            errorCode: (e.get('errorCode') as number | string | null | undefined) ?? null,
            at: iso(e.get('at')),
            receivedAt: iso(e.get('receivedAt')),
          }))
          .sort((a, b) => (a.at ?? '').localeCompare(b.at ?? '')),
      });
    });
}

import type { Channel } from '@omega/core';
import { Timestamp } from 'firebase-admin/firestore';
import { Hono } from 'hono';
import { z } from 'zod';
import { recordConsent } from '../../consent/record-consent.ts';
import { loadCustomer, primaryPhone } from '../../customers/index.ts';
import { ApiError, iso, notFound, num, str, valid } from '../../http/index.ts';
import { ticketShortId } from '../../pipeline/short-links.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import { historyRef } from '../../store/history.ts';
import type { StaffEnv } from '../auth.ts';
import type { ApiDeps } from '../deps.ts';
import { type IdempotentRequest, idempotencyKeyReused, idempotentRequest } from '../idempotency.ts';
import { zChannel, zDocId, zWordingVersion } from '../schemas.ts';
import { customerDetail } from '../services/customers.ts';
import { historyItem } from '../services/history.ts';
import { providerOptOutRefusal } from '../services/provider-opt-out.ts';
import { ticketActionLog, ticketDecision } from '../services/ticket-actions.ts';

const ticketParam = z.object({ ticketId: zDocId });

/**
 * Tickets: timeline, the customers' actions (decision and log), counter consent, and the staff
 * actions that go through the pipeline.
 */
export function ticketRoutes(deps: ApiDeps) {
  const loadTicket = async (ticketId: string) => {
    const snap = await deps.db.collection(COLLECTIONS.tickets).doc(ticketId).get();
    if (!snap.exists) throw notFound('Ticket');
    return snap;
  };
  const notify = async (
    ticketId: string,
    kind: 'payment_reminder' | 'staff_urgent',
    request: IdempotentRequest,
    variables?: Record<string, string>,
  ) => {
    const outcome = await deps.notify({
      ticketId,
      kind,
      changeId: `staff:${kind}:${request.id}`,
      ...(variables ? { variables } : {}),
    });
    if (!outcome) throw notFound('Ticket');
    if (outcome.redelivered && variables) {
      // The same key planned before: with the same words it plans nothing new (the documents
      // exist); with other words it is another request, refused.
      const first = outcome.channels.find((ch) => ch.recorded);
      const stored = first ? await historyRef(deps.db, first.notificationId).get() : null;
      if (stored?.exists && stored.get('variables.staffMessage') !== variables.staffMessage)
        throw idempotencyKeyReused();
    }
    const going = outcome.channels.filter((ch) => ch.action !== 'skip');
    return {
      channels: outcome.channels,
      redelivered: outcome.redelivered,
      sent: going.length > 0,
    };
  };

  return new Hono<StaffEnv>()
    .post('/:ticketId/link/revoke', valid('param', ticketParam), async (c) => {
      const { ticketId } = c.req.valid('param');
      const ticket = await loadTicket(ticketId);
      const generation = num(ticket.get('shortLinkGeneration')) ?? 0;
      const revokedLinkId = ticketShortId(ticketId, deps.shortLinkSecret, generation);
      const at = Timestamp.fromDate(deps.clock());
      const batch = deps.db.batch();
      // The old link stops opening at once; the next message about the ticket carries a new one.
      batch.set(
        deps.db.collection(COLLECTIONS.shortLinks).doc(revokedLinkId),
        { ticketId, revokedAt: at, revokedBy: c.var.staff.uid },
        { merge: true },
      );
      batch.update(ticket.ref, { shortLinkGeneration: generation + 1 });
      await batch.commit();
      return c.json({ revokedLinkId, generation: generation + 1 });
    })
    .get('/:ticketId/timeline', valid('param', ticketParam), async (c) => {
      const { ticketId } = c.req.valid('param');
      const ticket = await loadTicket(ticketId);
      const history = await deps.db
        .collection(COLLECTIONS.history)
        .where('ticketId', '==', ticketId)
        .limit(200)
        .get();
      const notifications = history.docs
        .map(historyItem)
        .sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? ''));
      const events = notifications
        .flatMap((n) =>
          n.timeline.map((t) => ({ ...t, notificationId: n.id, channel: n.channel, kind: n.kind })),
        )
        .sort((a, b) => (a.at ?? '').localeCompare(b.at ?? ''));
      return c.json({
        ticket: {
          id: ticket.id,
          clientId: str(ticket.get('clientId')),
          customerId: str(ticket.get('customerId')),
          device: str(ticket.get('device')) ?? '',
          status: str(ticket.get('status')) ?? '?',
          trackingCode: str(ticket.get('trackingCode')) ?? '',
          createdAt: iso(ticket.get('createdAt')),
          updatedAt: iso(ticket.get('updatedAt')),
          amountDueEur: num(ticket.get('amountDueEur')),
          ...ticketDecision(ticket),
        },
        notifications,
        events,
      });
    })
    .get('/:ticketId/actions', valid('param', ticketParam), async (c) => {
      const { ticketId } = c.req.valid('param');
      const ticket = await loadTicket(ticketId);
      // The customers' actions on the ticket (the shop's proof), newest first.
      return c.json({
        ticket: { id: ticket.id, ...ticketDecision(ticket) },
        items: await ticketActionLog(deps.db, ticketId),
      });
    })
    .post(
      '/:ticketId/counter-consent',
      valid('param', ticketParam),
      valid(
        'json',
        z
          .object({
            channels: z
              .object({
                email: z.boolean(),
                sms: z.boolean(),
                whatsapp: z.boolean(),
                push: z.boolean(),
              })
              .partial()
              .refine((v) => Object.keys(v).length > 0, 'au moins un canal'),
            /** One version for every channel, or one per channel (`consentWording(...).version`). */
            wordingVersion: z.union([zWordingVersion, z.partialRecord(zChannel, zWordingVersion)]),
          })
          .refine(
            (b) =>
              typeof b.wordingVersion === 'string' ||
              Object.keys(b.channels).every((ch) => ch in (b.wordingVersion as object)),
            { message: 'un texte par canal décidé', path: ['wordingVersion'] },
          ),
      ),
      async (c) => {
        const { ticketId } = c.req.valid('param');
        const body = c.req.valid('json');
        const ticket = await loadTicket(ticketId);
        const customerId = str(ticket.get('customerId'));
        const clientId = str(ticket.get('clientId'));
        const customer = customerId
          ? await loadCustomer(deps.db, 'profile', customerId).catch(() => null)
          : null;
        const loaded =
          customer ?? (clientId ? await loadCustomer(deps.db, 'client', clientId) : null);
        if (!loaded) throw new ApiError(409, 'no_customer', 'Ce ticket n’a ni client ni compte.');
        const settings = await deps.settings.get();
        const changes = Object.entries(body.channels).map(([channel, granted]) => ({
          channel: channel as Channel,
          granted: granted === true,
        }));
        const result = await recordConsent(
          deps.db,
          { clientId: loaded.clientId, customerId: loaded.customerId, phone: primaryPhone(loaded) },
          changes,
          {
            at: deps.clock(),
            source: 'counter',
            actor: c.var.staff.uid,
            wordingVersion: (change) =>
              typeof body.wordingVersion === 'string'
                ? body.wordingVersion
                : (body.wordingVersion[change.channel] as string),
            defaultCountry: settings.core.defaultCountry,
            refuseProviderHeld: true,
          },
        );
        if (result.refused.length > 0) throw providerOptOutRefusal(result.refused);
        const reloaded = await loadCustomer(deps.db, loaded.kind, loaded.id);
        return c.json({
          result,
          detail: await customerDetail(deps.db, reloaded, settings.core, deps.clock()),
        });
      },
    )
    .post('/:ticketId/payment-reminder', valid('param', ticketParam), async (c) => {
      const { ticketId } = c.req.valid('param');
      const request = idempotentRequest(c, 'payment_reminder', { ticketId }, {});
      const ticket = await loadTicket(ticketId);
      if (num(ticket.get('amountDueEur')) === null)
        throw new ApiError(409, 'no_amount_due', 'Aucun montant dû sur ce ticket.');
      return c.json(await notify(ticketId, 'payment_reminder', request));
    })
    .post(
      '/:ticketId/urgent',
      valid('param', ticketParam),
      valid('json', z.object({ message: z.string().trim().min(1).max(1000) })),
      async (c) => {
        const { ticketId } = c.req.valid('param');
        const body = c.req.valid('json');
        const request = idempotentRequest(c, 'urgent_message', { ticketId }, body);
        await loadTicket(ticketId);
        return c.json(
          await notify(ticketId, 'staff_urgent', request, { staffMessage: body.message }),
        );
      },
    );
}

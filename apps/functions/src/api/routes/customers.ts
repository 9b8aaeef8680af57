import { Hono } from 'hono';
import { z } from 'zod';
import { recordConsent } from '../../consent/record-consent.ts';
import { loadCustomer, primaryPhone } from '../../customers/index.ts';
import { ApiError, valid } from '../../http/index.ts';
import { requireAdmin, type StaffEnv } from '../auth.ts';
import type { ApiDeps } from '../deps.ts';
import { zChannel, zCustomerParams, zWordingVersion } from '../schemas.ts';
import { customerDetail } from '../services/customers.ts';
import { eraseCustomer, exportCustomer } from '../services/privacy.ts';
import { providerOptOutRefusal } from '../services/provider-opt-out.ts';
import { searchCustomers } from '../services/search.ts';
import { unreachableWorklist } from '../services/unreachable.ts';

const consentBody = z.object({
  changes: z
    .array(
      z.object({
        channel: zChannel,
        granted: z.boolean(),
        scope: z.enum(['channel', 'all']).optional(),
      }),
    )
    .min(1)
    .max(4),
  /** `counter`: the customer said so at the counter; `staff`: staff changed it on request. */
  source: z.enum(['staff', 'counter']),
  wordingVersion: zWordingVersion,
});

/** Customers: search, the "who can't we reach?" worklist, detail, consent changes, phone status, data export and erasure. */
export function customerRoutes(deps: ApiDeps) {
  return new Hono<StaffEnv>()
    .get('/', valid('query', z.object({ q: z.string().trim().min(2).max(100) })), async (c) => {
      const settings = await deps.settings.get();
      const items = await searchCustomers(deps.db, c.req.valid('query').q, {
        defaultCountry: settings.core.defaultCountry,
      });
      return c.json({ items });
    })
    .get(
      '/unreachable',
      valid(
        'query',
        z.object({
          cursor: z.string().min(1).max(2000).optional(),
          limit: z.coerce.number().int().min(1).max(50).default(20),
        }),
      ),
      async (c) => {
        const settings = await deps.settings.get();
        const { cursor, limit } = c.req.valid('query');
        return c.json(
          await unreachableWorklist(deps.db, settings.core, deps.clock(), { cursor, limit }),
        );
      },
    )
    .get('/:kind/:id', valid('param', zCustomerParams), async (c) => {
      const { kind, id } = c.req.valid('param');
      const settings = await deps.settings.get();
      const customer = await loadCustomer(deps.db, kind, id);
      return c.json(await customerDetail(deps.db, customer, settings.core, deps.clock()));
    })
    .post(
      '/:kind/:id/consent',
      valid('param', zCustomerParams),
      valid('json', consentBody),
      async (c) => {
        const { kind, id } = c.req.valid('param');
        const body = c.req.valid('json');
        const settings = await deps.settings.get();
        const customer = await loadCustomer(deps.db, kind, id);
        const result = await recordConsent(
          deps.db,
          {
            clientId: customer.clientId,
            customerId: customer.customerId,
            phone: primaryPhone(customer),
          },
          body.changes,
          {
            at: deps.clock(),
            source: body.source,
            actor: c.var.staff.uid,
            wordingVersion: body.wordingVersion,
            defaultCountry: settings.core.defaultCountry,
            refuseProviderHeld: true,
          },
        );
        if (result.refused.length > 0) throw providerOptOutRefusal(result.refused);
        const reloaded = await loadCustomer(deps.db, customer.kind, customer.id);
        return c.json({
          result,
          detail: await customerDetail(deps.db, reloaded, settings.core, deps.clock()),
        });
      },
    )
    .post(
      '/:kind/:id/phone-status/clear',
      valid('param', zCustomerParams),
      valid('json', z.object({ e164: z.string().min(4).max(20) })),
      async (c) => {
        const { kind, id } = c.req.valid('param');
        const { e164 } = c.req.valid('json');
        const customer = await loadCustomer(deps.db, kind, id);
        const batch = deps.db.batch();
        let cleared = 0;
        for (const snap of [customer.profileSnap, customer.clientSnap]) {
          if (snap?.get('phoneStatus.e164') === e164) {
            batch.update(snap.ref, { phoneStatus: null });
            cleared++;
          }
        }
        if (cleared === 0)
          throw new ApiError(409, 'no_phone_status', 'Aucun signalement pour ce numéro.');
        await batch.commit();
        return c.json({ cleared });
      },
    )
    .get('/:kind/:id/export', valid('param', zCustomerParams), async (c) => {
      const { kind, id } = c.req.valid('param');
      const customer = await loadCustomer(deps.db, kind, id);
      const data = await exportCustomer(deps.db, customer, deps.clock());
      c.header('content-disposition', `attachment; filename="omega-export-${customer.id}.json"`);
      return c.json(data);
    })
    .post(
      '/:kind/:id/erase',
      requireAdmin,
      valid('param', zCustomerParams),
      valid('json', z.object({ confirm: z.literal('EFFACER') })),
      async (c) => {
        const { kind, id } = c.req.valid('param');
        const customer = await loadCustomer(deps.db, kind, id);
        return c.json(
          await eraseCustomer(deps.db, customer, {
            at: deps.clock(),
            actor: c.var.staff.uid,
            media: deps.media?.store,
          }),
        );
      },
    );
}

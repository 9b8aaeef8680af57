import { addCalendarDays, calendarDaysBetween, SHOP_TIME_ZONE, zonedDayKey } from '@omega/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError, valid } from '../../http/index.ts';
import type { StaffEnv } from '../auth.ts';
import type { ApiDeps } from '../deps.ts';
import { zDay } from '../schemas.ts';
import { readAnalytics } from '../services/analytics-reader.ts';

/** The longest range one request may cover (a year and a bit: ≤ 400 document reads). */
export const MAX_ANALYTICS_DAYS = 397;

/** Analytics from the statistics documents only. */
export function analyticsRoutes(deps: ApiDeps) {
  return new Hono<StaffEnv>().get(
    '/',
    valid(
      'query',
      z
        .object({ from: zDay.optional(), to: zDay.optional() })
        .refine((q) => !q.from || !q.to || q.from <= q.to, {
          message: '« from » doit précéder « to »',
          path: ['from'],
        })
        .refine((q) => !q.from || !q.to || calendarDaysBetween(q.from, q.to) < MAX_ANALYTICS_DAYS, {
          message: `au plus ${MAX_ANALYTICS_DAYS} jours`,
          path: ['to'],
        }),
    ),
    async (c) => {
      const now = deps.clock();
      const q = c.req.valid('query');
      const to = q.to ?? zonedDayKey(now, SHOP_TIME_ZONE);
      const from = q.from ?? addCalendarDays(to, -29);
      if (calendarDaysBetween(from, to) >= MAX_ANALYTICS_DAYS || from > to)
        throw new ApiError(
          400,
          'invalid_request',
          `Période invalide : au plus ${MAX_ANALYTICS_DAYS} jours, début avant fin.`,
        );
      const settings = await deps.settings.get();
      return c.json(await readAnalytics(deps.db, { from, to, now, settings }));
    },
  );
}

import { Hono } from 'hono';
import { z } from 'zod';
import { valid } from '../../http/index.ts';
import { runStatsRebuild } from '../../stats/rebuild.ts';
import { requireAdmin, type StaffEnv } from '../auth.ts';
import type { ApiDeps } from '../deps.ts';

/** Pages one request of the rebuild runs at most (the next request resumes). */
export const REBUILD_PAGES_PER_REQUEST = 20;

/**
 * Administration: `POST /stats/rebuild` runs (or resumes) `stats:rebuild` for a few pages and
 * answers where it stands (`done: false`: call again). `restart: true` starts over.
 */
export function adminRoutes(deps: ApiDeps) {
  return new Hono<StaffEnv>()
    .use(requireAdmin)
    .post(
      '/stats/rebuild',
      valid('json', z.object({ restart: z.boolean().optional() }).strict()),
      async (c) => {
        const settings = await deps.settings.get();
        const progress = await runStatsRebuild(deps.db, {
          settings: settings.core,
          now: deps.clock(),
          maxPages: REBUILD_PAGES_PER_REQUEST,
          restart: c.req.valid('json').restart === true,
        });
        return c.json(progress);
      },
    );
}

import { Hono } from 'hono';
import { z } from 'zod';
import { valid } from '../../http/index.ts';
import type { StaffEnv } from '../auth.ts';
import type { ApiDeps } from '../deps.ts';
import { ACTION_ID_PATTERN, markActionHandled, staffTodo } from '../services/ticket-actions.ts';

const actionParam = z.object({
  actionId: z
    .string()
    .regex(ACTION_ID_PATTERN, 'identifiant de réponse client inconnu (sid_… ou web_…)'),
});

/**
 * Customers' actions as staff work with them: "À traiter" (callbacks first) and marking a task
 * handled. Marking is naturally idempotent (a task handled twice keeps its first handler), so it
 * takes no `Idempotency-Key`: only the routes that send do.
 */
export function actionRoutes(deps: ApiDeps) {
  return new Hono<StaffEnv>()
    .get('/todo', async (c) => c.json(await staffTodo(deps.db)))
    .post('/:actionId/handled', valid('param', actionParam), async (c) => {
      const { actionId } = c.req.valid('param');
      return c.json(await markActionHandled(deps.db, actionId, c.var.staff.uid, deps.clock()));
    });
}

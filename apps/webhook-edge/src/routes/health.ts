import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { readEnv } from '../env.ts';
import { methodNotAllowed } from '../middleware/method-not-allowed.ts';

/** `GET /health`: 200 when the bindings are valid (500 through `onError` otherwise). */
export const health = new Hono<AppEnv>()
  .get('/', (c) => {
    readEnv(c.env);
    return c.json({ ok: true, service: 'webhook-edge' });
  })
  .all('/', methodNotAllowed(['GET', 'HEAD']));

import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { ApiError, onApiError } from '../http/index.ts';
import { requireStaff, type StaffEnv } from './auth.ts';
import type { ApiDeps } from './deps.ts';
import { actionRoutes } from './routes/actions.ts';
import { adminRoutes } from './routes/admin.ts';
import { analyticsRoutes } from './routes/analytics.ts';
import { conversationMediaRoutes } from './routes/conversation-media.ts';
import { conversationRoutes } from './routes/conversations.ts';
import { customerRoutes } from './routes/customers.ts';
import { historyRoutes } from './routes/history.ts';
import { isPhotoUpload, photoRoutes } from './routes/photos.ts';
import { settingsRoutes } from './routes/settings.ts';
import { templateRoutes } from './routes/templates.ts';
import { ticketRoutes } from './routes/tickets.ts';
import { wordingRoutes } from './routes/wording.ts';

/** Routes anyone may call, listed explicitly (everything else under `/api` needs a staff token). */
export const PUBLIC_ROUTES = ['GET /api/health'] as const;

const jsonBodyLimit = bodyLimit({
  maxSize: 64 * 1024,
  onError: () => {
    throw new ApiError(413, 'body_too_large', 'Requête trop volumineuse (64 Ko au plus).');
  },
});

/** The staff routes, mounted under `/api/staff` behind {@link requireStaff}. */
function staffRoutes(deps: ApiDeps) {
  return new Hono<StaffEnv>()
    .use(requireStaff(deps.verifier))
    .get('/me', (c) => c.json(c.var.staff))
    .route('/customers', customerRoutes(deps))
    .route('/tickets', ticketRoutes(deps))
    .route('/tickets', photoRoutes(deps))
    .route('/actions', actionRoutes(deps))
    .route('/history', historyRoutes(deps))
    .route('/conversations', conversationRoutes(deps))
    .route('/conversations', conversationMediaRoutes(deps))
    .route('/templates', templateRoutes(deps))
    .route('/wording', wordingRoutes(deps))
    .route('/analytics', analyticsRoutes(deps))
    .route('/settings', settingsRoutes(deps))
    .route('/admin', adminRoutes(deps));
}

/**
 * The staff API as one Hono app: `GET /api/health` (public) and every staff route under
 * `/api/staff`, each requiring a verified Firebase ID token with the `staff` claim (`admin` for
 * settings changes, test messages and erasure). JSON bodies are limited to 64 KB; every error
 * goes through one `onError` as `{ error: { code, message } }`.
 */
export function createStaffApi(deps: ApiDeps) {
  const app = new Hono()
    .basePath('/api')
    .use(
      cors({
        origin: (origin) => (deps.corsOrigins.includes(origin) ? origin : null),
        // `idempotency-key`: every send carries one (a cross-origin dashboard preflights it).
        allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
        allowMethods: ['GET', 'POST', 'PUT', 'OPTIONS'],
        maxAge: 600,
      }),
    )
    .use((c, next) =>
      // A photo upload has its own limit (10 MB, `routes/photos.ts`); everything else 64 KB.
      isPhotoUpload(c.req.method, c.req.path) ? next() : jsonBodyLimit(c, next),
    )
    .get('/health', (c) => c.json({ ok: true as const, at: deps.clock().toISOString() }))
    .route('/staff', staffRoutes(deps));
  app.notFound((c) => c.json({ error: { code: 'not_found', message: 'Route inconnue.' } }, 404));
  app.onError(onApiError);
  return app;
}

/** The API's type, for Hono's typed client in the dashboard (`hc<StaffApi>(…)`). */
export type StaffApi = ReturnType<typeof createStaffApi>;

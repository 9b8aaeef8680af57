import { onRequest } from 'firebase-functions/v2/https';
import { REGION } from '../functions/options.ts';

let listener: Promise<(req: unknown, res: unknown) => Promise<unknown>> | undefined;

// The app (Hono, zod, every route) and firebase-admin load on the first request, not when the
// entry is imported: every function instance imports the entry, most never serve the API.
async function build() {
  const [
    { getRequestListener },
    { getApps, initializeApp },
    { getAuth },
    { readEnv },
    { runtime },
    { createStaffApi },
    { apiDepsFromPipeline },
  ] = await Promise.all([
    import('@hono/node-server'),
    import('firebase-admin/app'),
    import('firebase-admin/auth'),
    import('../env.ts'),
    import('../functions/runtime.ts'),
    import('./app.ts'),
    import('./build-deps.ts'),
  ]);
  const deps = await runtime();
  const app = getApps()[0] ?? initializeApp();
  const api = createStaffApi(
    apiDepsFromPipeline(deps, { auth: getAuth(app), corsOrigins: readEnv().DASHBOARD_ORIGINS }),
  );
  // Firebase hands an Express-style request whose body was already read: the adapter uses `rawBody`.
  return getRequestListener(api.fetch) as (req: unknown, res: unknown) => Promise<unknown>;
}

/** The staff API as one HTTPS function (`/api/health`, `/api/staff/**`). */
export const staffApi = onRequest(
  { region: REGION, timeoutSeconds: 60, concurrency: 40 },
  async (req, res) => {
    listener ??= build();
    const handle = await listener;
    await handle(req, res);
  },
);

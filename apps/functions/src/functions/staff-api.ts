import { lazyHonoFunction } from './lazy-hono-function.ts';

/** The staff API as one HTTPS function (`/api/health`, `/api/staff/**`), built on first request. */
export const staffApi = lazyHonoFunction(
  'staffApi',
  { timeoutSeconds: 60, concurrency: 40 },
  async ({ pipeline, auth, env }) => {
    const [{ createStaffApi }, { apiDepsFromPipeline }] = await Promise.all([
      import('../api/app.ts'),
      import('../api/build-deps.ts'),
    ]);
    return createStaffApi(
      apiDepsFromPipeline(pipeline, { auth, corsOrigins: env.DASHBOARD_ORIGINS }),
    );
  },
);

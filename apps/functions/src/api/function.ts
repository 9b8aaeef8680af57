import { getRequestListener } from '@hono/node-server';
import { getApps, initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { onRequest } from 'firebase-functions/v2/https';
import { readEnv } from '../env.ts';
import { REGION } from '../functions/options.ts';
import { runtime } from '../functions/runtime.ts';
import { createStaffApi } from './app.ts';
import { apiDepsFromPipeline } from './build-deps.ts';

let listener: Promise<ReturnType<typeof getRequestListener>> | undefined;

async function build() {
  const deps = await runtime();
  const app = getApps()[0] ?? initializeApp();
  const origins = readEnv().DASHBOARD_ORIGINS;
  const api = createStaffApi(
    apiDepsFromPipeline(deps, { auth: getAuth(app), corsOrigins: origins }),
  );
  // Firebase hands an Express-style request whose body was already read: the adapter uses `rawBody`.
  return getRequestListener(api.fetch);
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

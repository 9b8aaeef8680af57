import { getRequestListener } from '@hono/node-server';
import { getApps, initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { onRequest } from 'firebase-functions/v2/https';
import { readEnv } from '../env.ts';
import { REGION } from '../functions/options.ts';
import { runtime } from '../functions/runtime.ts';
import { createCustomerApi } from './app.ts';
import { customerApiDepsFromPipeline } from './build-deps.ts';

let listener: Promise<ReturnType<typeof getRequestListener>> | undefined;

async function build() {
  const deps = await runtime();
  const app = getApps()[0] ?? initializeApp();
  const origins = readEnv().DASHBOARD_ORIGINS;
  const api = createCustomerApi(
    customerApiDepsFromPipeline(deps, {
      auth: getAuth(app),
      appPublicUrl: readEnv().APP_PUBLIC_URL,
      corsOrigins: origins,
    }),
  );
  return getRequestListener(api.fetch);
}

/**
 * The customer-facing HTTPS function: the landing page behind each short link (`/t/:id`, a
 * Firebase Hosting rewrite on the short-link domain) and `/api/public/**`. Public by design:
 * no staff route lives here.
 */
export const customerApi = onRequest(
  { region: REGION, timeoutSeconds: 30, concurrency: 80 },
  async (req, res) => {
    listener ??= build();
    const handle = await listener;
    await handle(req, res);
  },
);

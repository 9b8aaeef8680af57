import { onRequest } from 'firebase-functions/v2/https';
import { REGION } from '../functions/options.ts';

let listener: Promise<(req: unknown, res: unknown) => Promise<unknown>> | undefined;

// Loaded on the first request, not when the entry is imported (see the staff API's function).
async function build() {
  const [
    { getRequestListener },
    { getApps, initializeApp },
    { getAuth },
    { readEnv },
    { runtime },
    { createCustomerApi },
    { customerApiDepsFromPipeline },
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
  const env = readEnv();
  const api = createCustomerApi(
    customerApiDepsFromPipeline(deps, {
      auth: getAuth(app),
      appPublicUrl: env.APP_PUBLIC_URL,
      corsOrigins: env.DASHBOARD_ORIGINS,
    }),
  );
  return getRequestListener(api.fetch) as (req: unknown, res: unknown) => Promise<unknown>;
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

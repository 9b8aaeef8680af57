import { lazyHonoFunction } from './lazy-hono-function.ts';

/**
 * The customer-facing HTTPS function: the landing page behind each short link (`/t/:id`, a
 * Firebase Hosting rewrite on the short-link domain) and `/api/public/**`. Public by design:
 * no staff route lives here. Built on first request.
 */
export const customerApi = lazyHonoFunction(
  'customerApi',
  { timeoutSeconds: 30, concurrency: 80 },
  async ({ pipeline, auth, env }) => {
    const [{ createCustomerApi }, { customerApiDepsFromPipeline }] = await Promise.all([
      import('../customer-api/app.ts'),
      import('../customer-api/build-deps.ts'),
    ]);
    return createCustomerApi(
      customerApiDepsFromPipeline(pipeline, {
        auth,
        appPublicUrl: env.APP_PUBLIC_URL,
        corsOrigins: env.DASHBOARD_ORIGINS,
        trustedProxyHops: env.TRUSTED_PROXY_HOPS,
      }),
    );
  },
);

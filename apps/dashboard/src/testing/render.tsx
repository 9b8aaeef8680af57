import type { StaffApi } from '@omega/functions/api';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { hc } from 'hono/client';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { ApiProvider } from '../api/api-context.tsx';
import type { Session } from '../auth/auth-client.ts';
import { AuthProvider } from '../auth/auth-context.tsx';
import { I18nProvider, type Locale } from '../i18n/index.tsx';

/** One recorded API call. */
export interface Call {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** Request headers, lower-case names. */
  headers: Record<string, string>;
}

/**
 * A fake API route: `'GET /api/staff/settings'` → a JSON body, or `[status, body]`, or a promise
 * of either (to hold the answer while a test looks at the loading state); a route that throws
 * is a request that got no answer (the network dropped).
 */
export type FakeRoutes = Record<string, (call: Call) => unknown>;

/** A typed API client whose requests are answered by `routes` (and recorded in `calls`). */
export function fakeApi(routes: FakeRoutes) {
  const calls: Call[] = [];
  const client = hc<StaffApi>('http://api.test', {
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input instanceof Request ? input.url : input));
      const method = (init?.method ?? 'GET').toUpperCase();
      const text = typeof init?.body === 'string' ? init.body : undefined;
      const call: Call = {
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: text ? JSON.parse(text) : undefined,
        headers: Object.fromEntries(new Headers(init?.headers)),
      };
      calls.push(call);
      const key = Object.keys(routes).find((k) => {
        const [m, p] = k.split(' ');
        return (
          m === method &&
          new RegExp(`^${(p ?? '').replace(/:[^/]+/g, '[^/]+')}$`).test(
            decodeURIComponent(url.pathname),
          )
        );
      });
      if (!key)
        return new Response(
          JSON.stringify({
            error: { code: 'not_found', message: `no fake for ${method} ${url.pathname}` },
          }),
          { status: 404 },
        );
      const out = await (routes[key] as (c: Call) => unknown)(call);
      const [status, body] =
        Array.isArray(out) && typeof out[0] === 'number' ? (out as [number, unknown]) : [200, out];
      return new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' },
      });
    },
  });
  return { client, calls };
}

/** A signed-in session in `sessionStorage` (what the AuthProvider reads). */
export function signedIn(overrides: Partial<Session> = {}): void {
  const session: Session = {
    idToken: 'x.e30.',
    refreshToken: 'r',
    expiresAt: Date.now() + 3_600_000,
    email: 'comptoir@omega.test',
    uid: 'staff-1',
    staff: true,
    admin: false,
    ...overrides,
  };
  sessionStorage.setItem('omega.session', JSON.stringify(session));
}

/** Renders `element` at `path` (matching `pattern`) with the providers and a fake API. */
export function renderPage(
  element: ReactNode,
  options: { routes: FakeRoutes; path?: string; pattern?: string; locale?: Locale },
) {
  const { client, calls } = fakeApi(options.routes);
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, refetchInterval: false } },
  });
  const router = createMemoryRouter([{ path: options.pattern ?? '/', element }], {
    initialEntries: [options.path ?? '/'],
  });
  const view = render(
    <I18nProvider initial={options.locale ?? 'fr'}>
      <AuthProvider>
        <QueryClientProvider client={queryClient}>
          <ApiProvider client={client}>
            <RouterProvider router={router} />
          </ApiProvider>
        </QueryClientProvider>
      </AuthProvider>
    </I18nProvider>,
  );
  return { ...view, calls };
}

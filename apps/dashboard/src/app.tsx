import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, lazy, type ReactNode, Suspense, useContext, useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { ApiProvider } from './api/api-context.tsx';
import type { ApiClient } from './api/client.ts';
import { AuthProvider, useAuth } from './auth/auth-context.tsx';
import { Layout } from './components/layout.tsx';
import { Loading } from './components/states.tsx';
import { I18nProvider } from './i18n/index.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';

// Every page is its own chunk: the first load carries only the frame and the sign-in form.
const OverviewPage = lazy(() =>
  import('./pages/overview-page.tsx').then((m) => ({ default: m.OverviewPage })),
);
const CustomersPage = lazy(() =>
  import('./pages/customers-page.tsx').then((m) => ({ default: m.CustomersPage })),
);
const CustomerDetailPage = lazy(() =>
  import('./pages/customer-detail-page.tsx').then((m) => ({ default: m.CustomerDetailPage })),
);
const MessagesPage = lazy(() =>
  import('./pages/messages-page.tsx').then((m) => ({ default: m.MessagesPage })),
);
const ConversationsPage = lazy(() =>
  import('./pages/conversations-page.tsx').then((m) => ({ default: m.ConversationsPage })),
);
const TemplatesPage = lazy(() => import('./pages/templates-page.tsx'));
const SettingsPage = lazy(() =>
  import('./pages/settings-page.tsx').then((m) => ({ default: m.SettingsPage })),
);
const RegistrationExamplePage = lazy(() =>
  import('./pages/registration-example-page.tsx').then((m) => ({
    default: m.RegistrationExamplePage,
  })),
);

const page = (node: ReactNode) => <Suspense fallback={<Loading />}>{node}</Suspense>;

/** False when the app is given an API client (tests): the staff pages open without sign-in. */
const SignInRequired = createContext(true);

/** The staff pages' frame, behind the staff sign-in. */
function StaffFrame() {
  const auth = useAuth();
  if (useContext(SignInRequired) && !auth.session) return <SignInPage />;
  return <Layout />;
}

const router = createBrowserRouter([
  // Public, no staff sign-in: how the shop's site embeds @omega/consent-ui (README).
  { path: '/exemples/inscription', element: page(<RegistrationExamplePage />) },
  {
    path: '/',
    element: <StaffFrame />,
    children: [
      { index: true, element: page(<OverviewPage />) },
      { path: 'customers', element: page(<CustomersPage />) },
      { path: 'customers/:kind/:id', element: page(<CustomerDetailPage />) },
      { path: 'messages', element: page(<MessagesPage />) },
      { path: 'conversations', element: page(<ConversationsPage />) },
      { path: 'templates', element: page(<TemplatesPage />) },
      { path: 'settings', element: page(<SettingsPage />) },
    ],
  },
]);

/** The whole app: language, sign-in, server state and routes. */
export function App({ client }: { client?: ApiClient }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: true, staleTime: 5_000 } },
      }),
  );
  return (
    <I18nProvider>
      <AuthProvider>
        <QueryClientProvider client={queryClient}>
          <ApiProvider {...(client ? { client } : {})}>
            <SignInRequired.Provider value={!client}>
              <RouterProvider router={router} />
            </SignInRequired.Provider>
          </ApiProvider>
        </QueryClientProvider>
      </AuthProvider>
    </I18nProvider>
  );
}

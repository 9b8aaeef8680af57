import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { useAuth } from '../auth/auth-context.tsx';
import { type ApiClient, createApiClient } from './client.ts';

const ApiContext = createContext<ApiClient | null>(null);

/** Provides the typed API client (tests pass their own). */
export function ApiProvider({ children, client }: { children: ReactNode; client?: ApiClient }) {
  const auth = useAuth();
  const value = useMemo(
    () => client ?? createApiClient(() => auth.getToken()),
    [client, auth.getToken],
  );
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

/** The staff API client. */
export function useApi(): ApiClient {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi outside <ApiProvider>');
  return value;
}

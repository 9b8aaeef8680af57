import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useMemo,
  useRef,
  useState,
} from 'react';
import { config } from '../config.ts';
import {
  type AuthEndpoints,
  needsRefresh,
  refreshSession,
  type Session,
  signInWithPassword,
} from './auth-client.ts';

const STORAGE_KEY = 'omega.session';

interface AuthState {
  session: Session | null;
  signIn(email: string, password: string): Promise<Session>;
  signOut(): void;
  /** A fresh ID token for the API (refreshed when about to expire), or null when signed out. */
  getToken(): Promise<string | null>;
}

const AuthContext = createContext<AuthState | null>(null);

function load(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

/** Staff sign-in state, kept for the browser tab (`sessionStorage`). */
export function AuthProvider({
  children,
  endpoints,
}: {
  children: ReactNode;
  endpoints?: AuthEndpoints;
}) {
  const e = endpoints ?? { apiKey: config.firebaseApiKey, emulatorHost: config.authEmulatorHost };
  const [session, setSession] = useState<Session | null>(load);
  const current = useRef(session);
  const refreshing = useRef<Promise<Session> | null>(null);
  const store = useCallback((s: Session | null) => {
    current.current = s;
    setSession(s);
    if (s) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(s));
    else sessionStorage.removeItem(STORAGE_KEY);
  }, []);
  const value = useMemo<AuthState>(
    () => ({
      session,
      async signIn(email, password) {
        const s = await signInWithPassword(e, email, password);
        store(s);
        return s;
      },
      signOut() {
        store(null);
      },
      async getToken() {
        const s = current.current;
        if (!s) return null;
        if (!needsRefresh(s)) return s.idToken;
        refreshing.current ??= refreshSession(e, s).finally(() => {
          refreshing.current = null;
        });
        try {
          const fresh = await refreshing.current;
          store(fresh);
          return fresh.idToken;
        } catch {
          store(null);
          return null;
        }
      },
    }),
    [session, store, e],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The sign-in state. */
export function useAuth(): AuthState {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside <AuthProvider>');
  return value;
}

/** Who is signed in, whether reference lookups are public, and the as-of date every lookup uses. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { getJson, resetCsrf, sendJson, setUnauthorizedHandler } from './api.ts';
import { todayIso } from './format.ts';

export type Role = 'viewer' | 'biller' | 'admin';

export interface User {
  id: number;
  username: string;
  role: Role;
  disabled: boolean;
  hasPassword: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Health {
  ok: true;
  version: string;
  referenceData: boolean;
  releases: number;
  publicReference: boolean;
}

interface SessionState {
  user: User | null;
  health: Health | null;
  loading: boolean;
  asOf: string;
  setAsOf: (date: string) => void;
  signIn: (username: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  can: (role: Role) => boolean;
}

const SessionContext = createContext<SessionState | null>(null);
const ORDER: Role[] = ['viewer', 'biller', 'admin'];

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [health, setHealth] = useState<Health | null>(null);
  const [loading, setLoading] = useState(true);
  const [asOf, setAsOfState] = useState(() => sessionStorage.getItem('drugclaim.asOf') ?? todayIso());

  useEffect(() => {
    setUnauthorizedHandler(() => setUser(null));
    void (async () => {
      try {
        setHealth(await getJson<Health>('/api/health'));
        const me = await getJson<{ user: User }>('/api/auth/me').catch(() => null);
        setUser(me?.user ?? null);
      } finally {
        setLoading(false);
      }
    })();
  }, []);

  const setAsOf = useCallback((date: string) => {
    sessionStorage.setItem('drugclaim.asOf', date);
    setAsOfState(date);
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    const res = await sendJson<{ user: User }>('/api/auth/login', 'POST', { username, password });
    setUser(res.user);
  }, []);

  const signOut = useCallback(async () => {
    await sendJson('/api/auth/logout', 'POST').catch(() => undefined);
    resetCsrf();
    setUser(null);
  }, []);

  const value = useMemo<SessionState>(
    () => ({
      user,
      health,
      loading,
      asOf,
      setAsOf,
      signIn,
      signOut,
      can: (role) => user !== null && ORDER.indexOf(user.role) >= ORDER.indexOf(role),
    }),
    [user, health, loading, asOf, setAsOf, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

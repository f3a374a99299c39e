/**
 * Who is signed in, whether reference lookups are public, and the as-of date every lookup uses. When the session ends
 * while a page is open (idle or absolute timeout), `expired` is set: the app asks for the password again over the
 * page, so what was typed on it stays, and the page carries on where it was (`epoch` counts sign-ins, for pages
 * that reload their data after one).
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
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
  /** The session ended while signed in (a 401 from the server, or a reload after it ended). */
  expired: boolean;
  /** Counts sign-ins: pages put it in their data effects to load again after signing in over the page. */
  epoch: number;
  asOf: string;
  setAsOf: (date: string) => void;
  signIn: (username: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  can: (role: Role) => boolean;
}

const SessionContext = createContext<SessionState | null>(null);
const ORDER: Role[] = ['viewer', 'biller', 'admin'];
const SIGNED_IN = 'drugclaim.signedIn';
const AS_OF = 'drugclaim.asOf';
/** sessionStorage keys of text typed on pages and not yet saved; removed on sign-out. */
export const DRAFT_PREFIX = 'drugclaim.draft.';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The as-of date: the URL's `asOf` (a shared link, Back/refresh) first, then this tab's last choice, then today. */
function initialAsOf(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('asOf');
  if (fromUrl && ISO_DATE.test(fromUrl)) return fromUrl;
  return sessionStorage.getItem(AS_OF) ?? todayIso();
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [health, setHealth] = useState<Health | null>(null);
  const [loading, setLoading] = useState(true);
  const [expired, setExpired] = useState(false);
  const [epoch, setEpoch] = useState(0);
  const [asOf, setAsOfState] = useState(initialAsOf);
  const userRef = useRef<User | null>(null);
  userRef.current = user;

  useEffect(() => {
    // A 401 while signed in: the session ended under the page. Keep the page, ask for the password over it.
    setUnauthorizedHandler(() => {
      if (userRef.current) setExpired(true);
      setUser(null);
    });
    void (async () => {
      try {
        setHealth(await getJson<Health>('/api/health'));
        const me = await getJson<{ user: User }>('/api/auth/me').catch(() => null);
        setUser(me?.user ?? null);
        if (me) sessionStorage.setItem(SIGNED_IN, '1');
        // Signed in in this tab before and not signed out: the session ended while the tab was away.
        if (!me && sessionStorage.getItem(SIGNED_IN) === '1') setExpired(true);
      } finally {
        setLoading(false);
      }
    })();
  }, []);

  const setAsOf = useCallback((date: string) => {
    sessionStorage.setItem(AS_OF, date);
    setAsOfState(date);
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    const res = await sendJson<{ user: User }>('/api/auth/login', 'POST', { username, password });
    sessionStorage.setItem(SIGNED_IN, '1');
    setUser(res.user);
    setExpired(false);
    setEpoch((n) => n + 1);
  }, []);

  const signOut = useCallback(async () => {
    await sendJson('/api/auth/logout', 'POST').catch(() => undefined);
    resetCsrf();
    sessionStorage.removeItem(SIGNED_IN);
    // Drafts typed on pages (worklist notes) may hold claim details: they do not outlive the session.
    for (const key of Object.keys(sessionStorage))
      if (key.startsWith(DRAFT_PREFIX)) sessionStorage.removeItem(key);
    setExpired(false);
    setUser(null);
  }, []);

  const value = useMemo<SessionState>(
    () => ({
      user,
      health,
      loading,
      expired,
      epoch,
      asOf,
      setAsOf,
      signIn,
      signOut,
      can: (role) => user !== null && ORDER.indexOf(user.role) >= ORDER.indexOf(role),
    }),
    [user, health, loading, expired, epoch, asOf, setAsOf, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

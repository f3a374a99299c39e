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
import { isIsoDate } from '../../src/core/reference/as-of.ts';
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
/** localStorage key written on sign-out: the other tabs of the browser hear it (a `storage` event) and sign out too. */
const SIGNED_OUT = 'drugclaim.signedOut';

/**
 * What a page keeps of claim data outside React (the last claim check): forgotten on sign-out, in this tab and in
 * the others, as the drafts are.
 */
export const onSignOut = new Set<() => void>();

/**
 * The as-of date: the URL's `asOf` (a shared link, Back/refresh) first, then this tab's last choice, then today. A day
 * that does not exist (2026-02-31 in a link) is passed over: every request with it would be refused.
 */
function initialAsOf(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('asOf');
  if (fromUrl && isIsoDate(fromUrl)) return fromUrl;
  const kept = sessionStorage.getItem(AS_OF);
  return kept && isIsoDate(kept) ? kept : todayIso();
}

/** This tab's traces of the session: claim details typed or checked on pages do not outlive it. */
function forgetSession(): void {
  sessionStorage.removeItem(SIGNED_IN);
  for (const key of Object.keys(sessionStorage))
    if (key.startsWith(DRAFT_PREFIX)) sessionStorage.removeItem(key);
  for (const forget of onSignOut) forget();
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
    // Signed out in another tab: on a shared workstation that means "I am leaving", so this tab shows no claim data
    // either (the sign-in page, not the "session expired" dialog over the page, which keeps it on screen).
    const signedOutElsewhere = (e: StorageEvent) => {
      if (e.key !== SIGNED_OUT || e.newValue === null) return;
      resetCsrf();
      forgetSession();
      setExpired(false);
      setUser(null);
    };
    window.addEventListener('storage', signedOutElsewhere);
    return () => window.removeEventListener('storage', signedOutElsewhere);
  }, []);

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
    // Drafts typed on pages (worklist notes) may hold claim details: they do not outlive the session.
    forgetSession();
    // The other tabs hear it (a storage event fires in every other tab of this origin) and sign out too.
    localStorage.setItem(SIGNED_OUT, String(Date.now()));
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

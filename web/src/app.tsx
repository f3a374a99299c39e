/** Layout (top bar, navigation, as-of date) and the page for the current path. */
import { useEffect, useState, type ReactNode } from 'react';
import { Logo, Spinner } from './components/ui.tsx';
import { isIsoDate } from '../../src/core/reference/as-of.ts';
import { todayIso } from './format.ts';
import { AdminPage } from './pages/admin.tsx';
import { CheckPage } from './pages/check.tsx';
import { DashboardPage } from './pages/dashboard.tsx';
import { ImportPage } from './pages/import.tsx';
import { LoginPage, safeNext, SessionExpiredDialog } from './pages/login.tsx';
import { LookupPage } from './pages/lookup.tsx';
import { UnitsPage } from './pages/units.tsx';
import { WorklistPage } from './pages/worklist.tsx';
import { Link, useRouter } from './router.tsx';
import { useSession, type Role } from './session.tsx';

interface PageDef {
  path: string;
  title: string;
  /** null: open to anyone when reference lookups are public. */
  role: Role | null;
  render: (rest: string) => ReactNode;
}

const PAGES: PageDef[] = [
  {
    path: '/lookup',
    title: 'Code lookup',
    role: null,
    render: (rest) => <LookupPage code={rest || undefined} />,
  },
  { path: '/units', title: 'Units calculator', role: null, render: () => <UnitsPage /> },
  { path: '/check', title: 'Claim check', role: 'viewer', render: () => <CheckPage /> },
  { path: '/import', title: 'Import', role: 'viewer', render: () => <ImportPage /> },
  { path: '/worklist', title: 'Worklist', role: 'viewer', render: () => <WorklistPage /> },
  { path: '/dashboard', title: 'Dashboard', role: 'viewer', render: () => <DashboardPage /> },
  { path: '/admin', title: 'Admin', role: 'admin', render: () => <AdminPage /> },
];

function findPage(path: string): { page: PageDef; rest: string } | undefined {
  for (const page of PAGES) {
    if (path === page.path) return { page, rest: '' };
    if (path.startsWith(`${page.path}/`))
      return { page, rest: decodeURIComponent(path.slice(page.path.length + 1)) };
  }
  return undefined;
}

function AsOfPicker() {
  const { asOf, setAsOf } = useSession();
  return (
    <label
      className="asof"
      title="Date of service for lookups, units and claim checks; the day ages and deadlines are counted to on the worklist and dashboard"
    >
      <span>As of</span>
      <input
        type="date"
        value={asOf}
        required
        onChange={(e) => {
          if (e.target.value) setAsOf(e.target.value);
        }}
        aria-label="As-of date (date of service) for every lookup, and the day worklist ages and deadlines are counted to"
      />
    </label>
  );
}

/**
 * Keeps the as-of date in the URL (`?asOf=`, left out when it is today) so that a link, Back and refresh open the
 * page at the same date; a URL that carries a date (Back to an earlier one, a shared link) sets it.
 */
function useAsOfInUrl(): void {
  const { asOf, setAsOf } = useSession();
  const { path, search, navigate } = useRouter();
  const inUrl = search.get('asOf');
  const query = search.toString();
  const writeUrl = (date: string) => {
    const wanted = date === todayIso() ? null : date;
    if (inUrl === wanted) return;
    const next = new URLSearchParams(search);
    if (wanted) next.set('asOf', wanted);
    else next.delete('asOf');
    const q = next.toString();
    navigate(`${path}${q ? `?${q}` : ''}`, { replace: true });
  };
  // The URL changed (a link, Back, a shared address): its date wins; a URL without one, or with a day that does not
  // exist (2026-02-31), gets the current date, so a mistyped link does not break every request of the page.
  useEffect(() => {
    if (inUrl && isIsoDate(inUrl)) {
      if (inUrl !== asOf) setAsOf(inUrl);
    } else writeUrl(asOf);
  }, [path, query]);
  // The date changed (the picker, or the effect above): the URL follows.
  useEffect(() => writeUrl(asOf), [asOf]);
}

export function App() {
  const { user, health, loading, expired, signOut, can } = useSession();
  const { path, search, navigate } = useRouter();
  const [menuOpen, setMenuOpen] = useState(false);
  useAsOfInUrl();

  useEffect(() => {
    if (path === '/') navigate(user ? '/dashboard' : '/lookup', { replace: true });
  }, [path, user, navigate]);

  // The small-screen menu closes when a page is chosen.
  useEffect(() => setMenuOpen(false), [path]);

  const found = findPage(path);
  useEffect(() => {
    document.title = found
      ? `${found.page.title} · drugclaim`
      : path === '/login'
        ? 'Sign in · drugclaim'
        : 'drugclaim';
  }, [found, path]);

  if (loading) {
    return (
      <div className="center-screen">
        <Spinner />
      </div>
    );
  }

  const publicRef = health?.publicReference ?? false;
  const here = `${path}${search.size > 0 ? `?${search.toString()}` : ''}`;
  const pageNeedsUser = found !== undefined && (found.page.role !== null || !publicRef);
  // Session ended under an open page: ask for the password over it (the page keeps what was typed).
  const overPage = expired && !user && pageNeedsUser && path !== '/login';
  if (path === '/login') return <LoginPage next={safeNext(search.get('next'))} />;
  if (pageNeedsUser && !user && !overPage) return <LoginPage next={here} />;

  // Only the pages the signed-in role may use: a biller sees no Admin, which would only answer "forbidden".
  const visible = PAGES.filter((p) => (p.role === null ? publicRef || user : can(p.role)));
  // Reached by its address (a bookmark, a link) without the role: said here, without asking the server.
  const forbidden = found !== undefined && found.page.role !== null && user !== null && !can(found.page.role);

  return (
    <>
      <div className="shell" inert={overPage}>
        <a className="skip" href="#main">
          Skip to content
        </a>
        <header className="topbar">
          <Link to="/" className="brand" aria-label="drugclaim home">
            <Logo size={26} />
            <span>drugclaim</span>
          </Link>
          <button
            type="button"
            className="btn btn-quiet menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="topbar-menu"
            onClick={() => setMenuOpen((o) => !o)}
          >
            <span aria-hidden="true">☰</span> Menu
          </button>
          <div id="topbar-menu" className={menuOpen ? 'topbar-menu open' : 'topbar-menu'}>
            <nav aria-label="Main">
              <ul>
                {visible.map((p) => (
                  <li key={p.path}>
                    <Link to={p.path}>{p.title}</Link>
                  </li>
                ))}
              </ul>
            </nav>
            <div className="topbar-right">
              <AsOfPicker />
              {user ? (
                <div className="user">
                  <span className="user-name" title={`Role: ${user.role}`}>
                    {user.username} <small>({user.role})</small>
                  </span>
                  <button
                    type="button"
                    className="btn btn-quiet"
                    onClick={() => void signOut().then(() => navigate('/login'))}
                  >
                    Sign out
                  </button>
                </div>
              ) : (
                <Link to={`/login?next=${encodeURIComponent(here)}`} className="btn btn-quiet">
                  Sign in
                </Link>
              )}
            </div>
          </div>
        </header>
        {health && !health.referenceData && (
          <div className="note note-warn banner" role="status">
            The store has no reference data yet. Load it on the server with <code>drugclaim data sync</code>{' '}
            or <code>drugclaim data import --from DIR</code>; the server picks it up within seconds (reload
            this page).
          </div>
        )}
        <main id="main" tabIndex={-1}>
          {found && forbidden ? (
            <div className="card">
              <h1>{found.page.title}</h1>
              <p>
                This page is for {found.page.role}s; you are signed in as {user.username} ({user.role}).{' '}
                <Link to="/">Back to the start</Link>
              </p>
            </div>
          ) : found ? (
            found.page.render(found.rest)
          ) : (
            <div className="card">
              <h1>Page not found</h1>
              <p>
                <Link to="/">Back to the start</Link>
              </p>
            </div>
          )}
        </main>
        <footer className="footer">
          drugclaim {health?.version} · {health?.releases ?? 0} reference releases ·{' '}
          <a href="/docs">API docs</a>
        </footer>
      </div>
      {overPage && <SessionExpiredDialog />}
    </>
  );
}

/** Layout (top bar, navigation, as-of date) and the page for the current path. */
import { useEffect, type ReactNode } from 'react';
import { Logo, Spinner } from './components/ui.tsx';
import { AdminPage } from './pages/admin.tsx';
import { CheckPage } from './pages/check.tsx';
import { DashboardPage } from './pages/dashboard.tsx';
import { LoginPage } from './pages/login.tsx';
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
    <label className="asof">
      <span>As of</span>
      <input
        type="date"
        value={asOf}
        required
        onChange={(e) => {
          if (e.target.value) setAsOf(e.target.value);
        }}
        aria-label="As-of date (date of service) for every lookup"
      />
    </label>
  );
}

export function App() {
  const { user, health, loading, signOut } = useSession();
  const { path, navigate } = useRouter();

  useEffect(() => {
    if (path === '/') navigate(user ? '/dashboard' : '/lookup', { replace: true });
  }, [path, user, navigate]);

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
  const needsLogin =
    path === '/login' || (found !== undefined && !user && (found.page.role !== null || !publicRef));
  if (needsLogin) return <LoginPage next={path === '/login' ? '/dashboard' : path} />;

  const visible = PAGES.filter((p) =>
    p.role === null ? publicRef || user : user && (p.role !== 'admin' || user.role === 'admin'),
  );

  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand" aria-label="drugclaim home">
          <Logo size={26} />
          <span>drugclaim</span>
        </Link>
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
            <Link to="/login" className="btn btn-quiet">
              Sign in
            </Link>
          )}
        </div>
      </header>
      {health && !health.referenceData && (
        <div className="note note-warn banner" role="status">
          The store has no reference data yet. Load it on the server with <code>drugclaim data sync</code> or{' '}
          <code>drugclaim data import --from DIR</code>; the server picks it up within seconds (reload this
          page).
        </div>
      )}
      <main id="main" tabIndex={-1}>
        {found ? (
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
  );
}

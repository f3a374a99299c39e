/**
 * Sign in with user name and password (session cookie + CSRF token): the sign-in page, and the dialog shown over a
 * page when the session ends while it is open (what was typed on the page stays; the page carries on after).
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ErrorNote, Logo } from '../components/ui.tsx';
import { useRouter } from '../router.tsx';
import { useSession } from '../session.tsx';

const LAST_USER = 'drugclaim.username';

/**
 * A path inside the app to go back to after signing in; anything else (another site, `//host`, `/\host`, which
 * browsers read as `//host`) is ignored. The URL parser has the last word: it must stay on this origin.
 */
export function safeNext(next: string | null | undefined, fallback = '/dashboard'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return fallback;
  // A backslash or a control character: browsers drop or turn them into "/" before resolving the URL.
  if ([...next].some((c) => c === '\\' || c.charCodeAt(0) < 0x20)) return fallback;
  try {
    if (new URL(next, window.location.origin).origin !== window.location.origin) return fallback;
  } catch {
    return fallback;
  }
  return next;
}

function SignInFields({ onDone, submitLabel }: { onDone: () => void; submitLabel: string }) {
  const { signIn } = useSession();
  const [username, setUsername] = useState(() => sessionStorage.getItem(LAST_USER) ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const userRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    (username ? passwordRef : userRef).current?.focus();
    // Only on first show: focus the first empty field.
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username, password);
      sessionStorage.setItem(LAST_USER, username);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Sign in">
      <div className="field">
        <label htmlFor="login-username">User name</label>
        <input
          id="login-username"
          ref={userRef}
          name="username"
          autoComplete="username"
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="login-password">Password</label>
        <input
          id="login-password"
          ref={passwordRef}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      <ErrorNote error={error} />
      <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
        {busy ? 'Signing in…' : submitLabel}
      </button>
    </form>
  );
}

export function LoginPage({ next }: { next: string }) {
  const { health, expired } = useSession();
  const { navigate } = useRouter();

  return (
    <div className="login-screen">
      <main className="card login-card" aria-labelledby="login-title">
        <div className="login-brand" aria-hidden="true">
          <Logo size={40} />
        </div>
        <h1 id="login-title">Sign in to drugclaim</h1>
        {expired ? (
          <p className="note note-warn" role="status">
            Your session expired. Sign in again to go back to where you were.
          </p>
        ) : (
          <p className="muted">Drug claims checked before they go out; denials worked before they expire.</p>
        )}
        <SignInFields submitLabel="Sign in" onDone={() => navigate(next, { replace: true })} />
        {health?.publicReference && (
          <p className="muted small">
            Code lookups and the units calculator work without signing in:{' '}
            <a href="/lookup">open the code lookup</a>.
          </p>
        )}
        <p className="muted small">
          No account? An admin creates one with <code>drugclaim user add NAME --role biller</code>.
        </p>
      </main>
    </div>
  );
}

/**
 * Shown over the page when the server says the session ended: sign in again without leaving it. The page behind
 * stays mounted (inert), so a typed note, a computed result or an uploaded file's findings are still there.
 */
export function SessionExpiredDialog() {
  const { signOut } = useSession();
  const { navigate } = useRouter();
  return (
    <div className="dialog-backdrop">
      <div
        className="card dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="expired-title"
        aria-describedby="expired-text"
      >
        <h2 id="expired-title">Your session expired</h2>
        <p id="expired-text" className="muted">
          Sign in again to carry on. This page stays as it was: anything you typed is still there, but the
          last change was not saved — save it again after signing in.
        </p>
        <SignInFields submitLabel="Sign in and continue" onDone={() => undefined} />
        <p className="small">
          <button
            type="button"
            className="btn btn-quiet btn-small"
            onClick={() => void signOut().then(() => navigate('/login'))}
          >
            Sign in as someone else
          </button>
        </p>
      </div>
    </div>
  );
}

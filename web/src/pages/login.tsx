/** Sign in with user name and password (session cookie + CSRF token). */
import { useState, type FormEvent } from 'react';
import { ErrorNote, Logo } from '../components/ui.tsx';
import { useRouter } from '../router.tsx';
import { useSession } from '../session.tsx';

export function LoginPage({ next }: { next: string }) {
  const { signIn, health } = useSession();
  const { navigate } = useRouter();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username, password);
      navigate(next, { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-screen">
      <form className="card login-card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <div className="login-brand" aria-hidden="true">
          <Logo size={40} />
        </div>
        <h1 id="login-title">Sign in to drugclaim</h1>
        <p className="muted">Drug claims checked before they go out; denials worked before they expire.</p>
        <div className="field">
          <label htmlFor="login-username">User name</label>
          <input
            id="login-username"
            name="username"
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoFocus
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">Password</label>
          <input
            id="login-password"
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
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {health?.publicReference && (
          <p className="muted small">
            Code lookups and the units calculator work without signing in:{' '}
            <a href="/lookup">open the code lookup</a>.
          </p>
        )}
        <p className="muted small">
          No account? An admin creates one with <code>drugclaim user add NAME --role biller</code>.
        </p>
      </form>
    </div>
  );
}

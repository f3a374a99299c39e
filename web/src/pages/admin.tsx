/** Admin: users and roles, API tokens, and the audit log of claim-data access. */
import type { AuditRecord } from '../../../src/adapters/store/accounts/index.ts';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { getJson, sendJson } from '../api.ts';
import { Badge, Card, DataTable, ErrorNote, Field, num } from '../components/ui.tsx';
import { localDate, localTime } from '../format.ts';
import { useSession, type Role, type User } from '../session.tsx';

interface Token {
  id: number;
  userId: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** `GET /api/audit` rows (the accounts store's `AuditRecord`). */
type AuditEntry = AuditRecord;

function Users() {
  const [users, setUsers] = useState<User[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [form, setForm] = useState<{ username: string; role: Role; password: string }>({
    username: '',
    role: 'biller',
    password: '',
  });
  const { epoch } = useSession();
  const load = useCallback(() => {
    setError(null);
    getJson<{ users: User[] }>('/api/users')
      .then((r) => setUsers(r.users))
      .catch(setError);
  }, [epoch]);
  useEffect(load, [load]);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await sendJson('/api/users', 'POST', form);
      setForm({ username: '', role: 'biller', password: '' });
      load();
    } catch (err) {
      setError(err);
    }
  };
  const change = async (u: User, body: Partial<{ role: Role; disabled: boolean }>) => {
    setError(null);
    try {
      await sendJson(`/api/users/${u.id}`, 'PATCH', body);
      load();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <Card title="Users">
      <ErrorNote error={error} />
      <DataTable columns={['User', 'Role', 'Status', 'Created']}>
        {users.map((u) => (
          <tr key={u.id}>
            <td>{u.username}</td>
            <td>
              <select
                aria-label={`Role of ${u.username}`}
                value={u.role}
                onChange={(e) => void change(u, { role: e.target.value as Role })}
              >
                <option value="viewer">viewer</option>
                <option value="biller">biller</option>
                <option value="admin">admin</option>
              </select>
            </td>
            <td>
              <Badge tone={u.disabled ? 'neutral' : 'good'}>{u.disabled ? 'disabled' : 'active'}</Badge>{' '}
              <button
                type="button"
                className="btn btn-quiet btn-small"
                onClick={() => void change(u, { disabled: !u.disabled })}
              >
                {u.disabled ? 'Enable' : 'Disable'}
              </button>
            </td>
            <td>{localDate(u.createdAt)}</td>
          </tr>
        ))}
      </DataTable>
      <h3>Add a user</h3>
      <form className="row" onSubmit={(e) => void add(e)} aria-label="Add a user">
        <Field label="User name">
          {(id) => (
            <input
              id={id}
              value={form.username}
              onChange={(e) => setForm({ ...form, username: e.target.value })}
              required
            />
          )}
        </Field>
        <Field label="Role">
          {(id) => (
            <select
              id={id}
              value={form.role}
              onChange={(e) => setForm({ ...form, role: e.target.value as Role })}
            >
              <option value="viewer">viewer</option>
              <option value="biller">biller</option>
              <option value="admin">admin</option>
            </select>
          )}
        </Field>
        <Field label="Password" hint="12 characters or more">
          {(id) => (
            <input
              id={id}
              type="password"
              autoComplete="new-password"
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
              required
              minLength={12}
            />
          )}
        </Field>
        <div className="field">
          <button type="submit" className="btn btn-primary">
            Add
          </button>
        </div>
      </form>
    </Card>
  );
}

function Tokens() {
  const [tokens, setTokens] = useState<Token[]>([]);
  const [name, setName] = useState('');
  // A session left open must not be enough to mint a long-lived credential: the API asks for the password again.
  const [password, setPassword] = useState('');
  const [days, setDays] = useState(90);
  const [fresh, setFresh] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { epoch } = useSession();
  const load = useCallback(() => {
    setError(null);
    getJson<{ tokens: Token[] }>('/api/tokens')
      .then((r) => setTokens(r.tokens))
      .catch(setError);
  }, [epoch]);
  useEffect(load, [load]);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await sendJson<{ token: string }>('/api/tokens', 'POST', {
        name,
        currentPassword: password,
        expiresInDays: days,
      });
      setFresh(r.token);
      setName('');
      setPassword('');
      load();
    } catch (err) {
      setError(err);
    }
  };
  const revoke = async (id: number) => {
    try {
      await sendJson(`/api/tokens/${id}`, 'DELETE');
      load();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Card title="My API tokens">
      <ErrorNote error={error} />
      {fresh && (
        <div className="note note-good" role="status">
          New token (copy it now, it is not shown again): <code>{fresh}</code>
        </div>
      )}
      <DataTable columns={['Name', 'Token', 'Last used', 'Expires', 'Status']}>
        {tokens.map((t) => (
          <tr key={t.id}>
            <td>{t.name}</td>
            <td className="mono">{t.prefix}…</td>
            <td>{t.lastUsedAt ? localTime(t.lastUsedAt) : '—'}</td>
            <td>{t.expiresAt ? localDate(t.expiresAt) : '—'}</td>
            <td>
              {t.revokedAt ? (
                <Badge>revoked</Badge>
              ) : t.expiresAt !== null && t.expiresAt < new Date().toISOString() ? (
                <Badge>expired</Badge>
              ) : (
                <button type="button" className="btn btn-quiet btn-small" onClick={() => void revoke(t.id)}>
                  Revoke
                </button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      <form className="row" onSubmit={(e) => void create(e)} aria-label="Create an API token">
        <Field label="Token name">
          {(id) => (
            <input
              id={id}
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              placeholder="billing system import"
            />
          )}
        </Field>
        <Field label="Expires after (days)">
          {(id) => (
            <input
              id={id}
              type="number"
              min={1}
              max={365}
              value={days}
              onChange={(e) => setDays(Number(e.target.value))}
              required
            />
          )}
        </Field>
        <Field label="Your password">
          {(id) => (
            <input
              id={id}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          )}
        </Field>
        <div className="field">
          <button type="submit" className="btn">
            Create token
          </button>
        </div>
      </form>
    </Card>
  );
}

function Audit() {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [error, setError] = useState<unknown>(null);
  const { epoch } = useSession();
  useEffect(() => {
    setError(null);
    getJson<{ entries: AuditEntry[] }>('/api/audit?limit=100')
      .then((r) => setEntries(r.entries))
      .catch(setError);
  }, [epoch]);
  return (
    <Card title="Audit log (claim data access, newest first)">
      <ErrorNote error={error} />
      <DataTable columns={['When', 'Who', 'What', 'Resource', 'From', num('Status')]}>
        {entries.map((e) => (
          <tr key={e.id}>
            <td>{localTime(e.at, { seconds: true })}</td>
            <td>
              {e.username ?? <span className="muted">anonymous</span>}
              {e.tokenId !== null && <span className="muted small"> (token {e.tokenId})</span>}
            </td>
            <td>
              {e.action}{' '}
              <span className="muted small mono">
                {e.method} {e.route}
              </span>
            </td>
            <td className="mono small">{e.resource ?? '—'}</td>
            <td className="mono small">{e.ip ?? '—'}</td>
            <td className="num">
              <Badge tone={e.status < 300 ? 'good' : e.status < 500 ? 'warn' : 'bad'}>{e.status}</Badge>
            </td>
          </tr>
        ))}
      </DataTable>
    </Card>
  );
}

export function AdminPage() {
  return (
    <div className="page">
      <div className="page-head">
        <h1>Admin</h1>
        <p className="muted">Accounts, API tokens and who accessed claim data.</p>
      </div>
      <div className="grid-2">
        <Users />
        <Tokens />
      </div>
      <Audit />
    </div>
  );
}

/**
 * Accounts, API tokens, web sessions and the audit log, kept in the same SQLite file as the reference and claim data.
 *
 * Secrets are never stored: passwords as scrypt hashes (./password.ts), API tokens and session ids as SHA-256
 * digests of 256-bit random values (a fast hash is right for high-entropy secrets: nothing to guess).
 * The audit log records who touched claim data, when, what (action + non-PHI resource ids) and from where. It is
 * append-only in the database itself: triggers abort any UPDATE or DELETE of its rows (migration 002), and nothing in
 * drugclaim changes or removes them (docs/http.md, "Audit log and PHI", says how an operator archives old rows).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { applyMigrations, registerMigration, sqlitePrimaryCode, writeWhenFree } from '../database.ts';
import { ACCOUNT_MIGRATIONS } from './schema.ts';
import {
  DEFAULT_SCRYPT,
  hashPassword,
  needsRehash,
  verifyAgainstDummy,
  verifyPassword,
  type ScryptParams,
} from './password.ts';

export { ACCOUNT_MIGRATIONS };

export const ROLES = ['viewer', 'biller', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** viewer < biller < admin: a biller may do what a viewer may, an admin what a biller may. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export interface User {
  id: number;
  username: string;
  role: Role;
  disabled: boolean;
  hasPassword: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ApiToken {
  id: number;
  userId: number;
  name: string;
  /** First characters of the token, shown so a user can tell tokens apart; not enough to use it. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface Session {
  userId: number;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
}

export interface AuditEntry {
  userId: number | null;
  username: string | null;
  tokenId: number | null;
  /** Stable action name, e.g. "denials.list", "check.run", "worklist.status". */
  action: string;
  method: string;
  /** The route pattern ("/api/worklist/:id/status"), never the raw URL with its query string. */
  route: string;
  /** Non-PHI identifiers of what was touched (worklist item id, file hash prefix, counts). */
  resource: string | null;
  status: number;
  ip: string | null;
}

export interface AuditRecord extends AuditEntry {
  id: number;
  at: string;
}

/** Ids an audit row lists for a list read; past this, only how many more. */
export const AUDIT_ID_CAP = 50;

/**
 * The resource of a list read: how many rows and which (their store ids, never claim ids or names, which are PHI),
 * e.g. `rows:3 worklist:4,9,17`; past `AUDIT_ID_CAP` ids, `…,+N more`.
 */
export function listedIds(kind: string, rows: readonly { id: number }[]): string {
  if (rows.length === 0) return 'rows:0';
  const shown = rows.slice(0, AUDIT_ID_CAP).map((r) => r.id);
  const more = rows.length - shown.length;
  return `rows:${rows.length} ${kind}:${shown.join(',')}${more > 0 ? `,+${more} more` : ''}`;
}

/**
 * Appends one audit row through `db`, in whatever transaction `db` has open: another store writes the audit row of
 * its own change this way (an import's file, recovery/store.ts), so the change and its row commit together or not at
 * all.
 */
export function writeAuditRow(db: DatabaseSync, entry: AuditEntry, at: string): void {
  db.prepare(
    'INSERT INTO audit_log (at, user_id, username, token_id, action, method, route, resource, status, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    at,
    entry.userId,
    entry.username,
    entry.tokenId,
    entry.action,
    entry.method,
    entry.route,
    entry.resource,
    entry.status,
    entry.ip,
  );
}

export class AccountError extends Error {
  readonly code: 'username-taken' | 'invalid-username' | 'not-found' | 'last-admin' | 'invalid-expiry';
  constructor(code: AccountError['code'], message: string) {
    super(message);
    this.name = 'AccountError';
    this.code = code;
  }
}

export interface AccountStoreOptions {
  now?: () => Date;
  scrypt?: ScryptParams;
  /** Absolute session lifetime. Default 12 h. */
  sessionTtlMs?: number;
  /** A session unused this long ends. Default 2 h. */
  sessionIdleMs?: number;
}

const TOKEN_PREFIX = 'dct_';
const DAY_MS = 86_400_000;
/** An API token's life when its creator names none. */
export const TOKEN_DEFAULT_DAYS = 90;
/** The longest life an API token may have. */
export const TOKEN_MAX_DAYS = 365;
/** A token's last use and a session's last sight are written at most this often. */
const TOUCH_EVERY_MS = 60_000;
/** Bound on the keys `#touch` remembers. */
const MAX_TOUCHED = 50_000;

/**
 * Why a timestamp-only write may be left undone: SQLITE_BUSY (5) or SQLITE_LOCKED (6), another connection holds the
 * lock; SQLITE_READONLY (8) or SQLITE_FULL (13), the store cannot take writes now. Extended codes included. Signed-in
 * reads go on; what cannot be written is the audit row, and that answer is withheld (http/auth.ts).
 */
function mayLeaveUnwritten(err: unknown): boolean {
  const primary = sqlitePrimaryCode(err);
  return primary !== undefined && [5, 6, 8, 13].includes(primary);
}
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/;

/** The accounts tables; `openDatabase()` applies them once per file (registered at import). */
for (const m of ACCOUNT_MIGRATIONS) registerMigration(m);

type Row = Record<string, SQLInputValue>;

const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function toUser(row: Row): User {
  return {
    id: Number(row['id']),
    username: str(row['username']),
    role: str(row['role']) as Role,
    disabled: Number(row['disabled']) === 1,
    hasPassword: row['password_hash'] !== null,
    createdAt: str(row['created_at']),
    updatedAt: str(row['updated_at']),
  };
}

function toToken(row: Row): ApiToken {
  return {
    id: Number(row['id']),
    userId: Number(row['user_id']),
    name: str(row['name']),
    prefix: str(row['prefix']),
    createdAt: str(row['created_at']),
    lastUsedAt: strOrNull(row['last_used_at']),
    expiresAt: strOrNull(row['expires_at']),
    revokedAt: strOrNull(row['revoked_at']),
  };
}

export class AccountStore {
  readonly #db: DatabaseSync;
  readonly #now: () => Date;
  readonly #scrypt: ScryptParams;
  readonly #sessionTtlMs: number;
  readonly #sessionIdleMs: number;
  /** When each token/session was last touched (or tried): see `#touch`. */
  readonly #touched = new Map<string, number>();
  #busyTimeoutMs: number | undefined;

  constructor(db: DatabaseSync, options: AccountStoreOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? (() => new Date());
    this.#scrypt = options.scrypt ?? DEFAULT_SCRYPT;
    this.#sessionTtlMs = options.sessionTtlMs ?? 12 * 3600_000;
    this.#sessionIdleMs = options.sessionIdleMs ?? 2 * 3600_000;
    db.exec('PRAGMA foreign_keys = ON');
    // A database opened before this module was imported has not seen the registration; applying is idempotent.
    applyMigrations(db, ACCOUNT_MIGRATIONS);
  }

  get sessionTtlMs(): number {
    return this.#sessionTtlMs;
  }

  #iso(offsetMs = 0): string {
    return new Date(this.#now().getTime() + offsetMs).toISOString();
  }

  // ---- users ----

  async createUser(input: { username: string; role: Role; password?: string }): Promise<User> {
    if (!USERNAME.test(input.username)) {
      throw new AccountError(
        'invalid-username',
        'A user name is 2-64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit.',
      );
    }
    if (this.findUser(input.username))
      throw new AccountError('username-taken', `User "${input.username}" already exists.`);
    const hash = input.password === undefined ? null : await hashPassword(input.password, this.#scrypt);
    const at = this.#iso();
    const result = this.#db
      .prepare(
        'INSERT INTO account_users (username, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(input.username, input.role, hash, at, at);
    return this.getUser(Number(result.lastInsertRowid)) as User;
  }

  getUser(id: number): User | undefined {
    const row = this.#db.prepare('SELECT * FROM account_users WHERE id = ?').get(id) as Row | undefined;
    return row ? toUser(row) : undefined;
  }

  findUser(username: string): User | undefined {
    const row = this.#db.prepare('SELECT * FROM account_users WHERE username = ?').get(username) as
      Row | undefined;
    return row ? toUser(row) : undefined;
  }

  listUsers(): User[] {
    return (this.#db.prepare('SELECT * FROM account_users ORDER BY username').all() as Row[]).map(toUser);
  }

  userCount(): number {
    return Number((this.#db.prepare('SELECT count(*) AS n FROM account_users').get() as Row)['n']);
  }

  /** Enabled admins: while there is none, nobody can manage the accounts from the web app or the API. */
  activeAdminCount(): number {
    return this.#activeAdmins();
  }

  #activeAdmins(): number {
    return Number(
      (
        this.#db
          .prepare("SELECT count(*) AS n FROM account_users WHERE role = 'admin' AND disabled = 0")
          .get() as Row
      )['n'],
    );
  }

  /**
   * Changes role, disabled flag or password. Refuses to demote or disable the last active admin.
   *
   * Disabling, and setting a password, end the user's sessions and revoke every API token: after a suspected
   * compromise neither a stolen token nor one minted before the disable may work again (re-enabling does not revive
   * them). `keepTokens` keeps the tokens on a password change (the HTTP and CLI password changes do not use it: a
   * user who changes their password after a suspected leak expects every old credential to stop working).
   */
  async updateUser(
    id: number,
    change: { role?: Role; disabled?: boolean; password?: string },
    options: { keepTokens?: boolean } = {},
  ): Promise<User> {
    const user = this.getUser(id);
    if (!user) throw new AccountError('not-found', `No user with id ${id}.`);
    const losesAdmin =
      user.role === 'admin' &&
      !user.disabled &&
      ((change.role !== undefined && change.role !== 'admin') || change.disabled === true);
    if (losesAdmin && this.#activeAdmins() <= 1) {
      throw new AccountError('last-admin', 'This is the last active admin; create another admin first.');
    }
    const at = this.#iso();
    if (change.role !== undefined)
      this.#db
        .prepare('UPDATE account_users SET role = ?, updated_at = ? WHERE id = ?')
        .run(change.role, at, id);
    if (change.disabled !== undefined) {
      this.#db
        .prepare('UPDATE account_users SET disabled = ?, updated_at = ? WHERE id = ?')
        .run(change.disabled ? 1 : 0, at, id);
      if (change.disabled) {
        this.deleteSessionsForUser(id);
        this.revokeTokensForUser(id);
      }
    }
    if (change.password !== undefined) {
      const hash = await hashPassword(change.password, this.#scrypt);
      this.#db
        .prepare('UPDATE account_users SET password_hash = ?, updated_at = ? WHERE id = ?')
        .run(hash, at, id);
      this.deleteSessionsForUser(id);
      if (!options.keepTokens) this.revokeTokensForUser(id);
    }
    return this.getUser(id) as User;
  }

  /**
   * Records that an admin cleared the user's sign-in lockout. The lockout lives in the server's memory; a server
   * applies this at the user's next sign-in attempt, so the CLI can unlock a user of a running server.
   */
  clearLockout(id: number): boolean {
    return (
      Number(
        this.#db.prepare('UPDATE account_users SET lockout_cleared_at = ? WHERE id = ?').run(this.#iso(), id)
          .changes,
      ) > 0
    );
  }

  /** When the lockout of `username` was last cleared; null when never (or no such user). */
  lockoutClearedAt(username: string): string | null {
    const row = this.#db
      .prepare('SELECT lockout_cleared_at AS at FROM account_users WHERE username = ?')
      .get(username) as Row | undefined;
    return strOrNull(row?.['at']);
  }

  /** The user when the password is right and the account enabled; otherwise undefined, in about the same time. */
  async verifyLogin(username: string, password: string): Promise<User | undefined> {
    const row = this.#db.prepare('SELECT * FROM account_users WHERE username = ?').get(username) as
      Row | undefined;
    const hash = row?.['password_hash'];
    if (!row || typeof hash !== 'string') return verifyAgainstDummy(password).then(() => undefined);
    const ok = await verifyPassword(password, hash);
    if (!ok || Number(row['disabled']) === 1) return undefined;
    if (needsRehash(hash, this.#scrypt)) {
      const fresh = await hashPassword(password, this.#scrypt);
      this.#db
        .prepare('UPDATE account_users SET password_hash = ? WHERE id = ?')
        .run(fresh, Number(row['id']));
    }
    return toUser(row);
  }

  // ---- API tokens ----

  /**
   * Creates a token; the secret is returned once and only its digest is kept. Every token expires: after
   * `TOKEN_DEFAULT_DAYS` unless `expiresAt` says otherwise, and never later than `TOKEN_MAX_DAYS` from now (a
   * stolen token must not be a credential for good).
   */
  createToken(
    userId: number,
    name: string,
    options: { expiresAt?: string } = {},
  ): { token: string; record: ApiToken } {
    if (!this.getUser(userId)) throw new AccountError('not-found', `No user with id ${userId}.`);
    const expiresAt = options.expiresAt ?? this.#iso(TOKEN_DEFAULT_DAYS * DAY_MS);
    const expiresMs = Date.parse(expiresAt);
    if (!Number.isFinite(expiresMs) || expiresMs > this.#now().getTime() + TOKEN_MAX_DAYS * DAY_MS)
      throw new AccountError(
        'invalid-expiry',
        `A token expires within ${TOKEN_MAX_DAYS} days (default ${TOKEN_DEFAULT_DAYS}).`,
      );
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const result = this.#db
      .prepare(
        'INSERT INTO account_tokens (user_id, name, token_hash, prefix, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(userId, name, sha256(token), token.slice(0, 10), this.#iso(), new Date(expiresMs).toISOString());
    const row = this.#db
      .prepare('SELECT * FROM account_tokens WHERE id = ?')
      .get(Number(result.lastInsertRowid)) as Row;
    return { token, record: toToken(row) };
  }

  /** The token's owner when the token exists, is not revoked or expired, and the owner is enabled. */
  verifyToken(token: string): { user: User; token: ApiToken } | undefined {
    const checked = this.checkToken(token);
    return checked.ok ? { user: checked.user, token: checked.token } : undefined;
  }

  /**
   * Like `verifyToken`, but says why a token is refused, and whose it is when it is a real token (revoked, expired,
   * or its owner disabled): the audit log records who tried, not "anonymous".
   */
  checkToken(
    token: string,
  ):
    | { ok: true; user: User; token: ApiToken }
    | { ok: false; reason: 'unknown' }
    | { ok: false; reason: 'revoked' | 'expired' | 'disabled'; user: User; token: ApiToken } {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return { ok: false, reason: 'unknown' };
    const row = this.#db.prepare('SELECT * FROM account_tokens WHERE token_hash = ?').get(sha256(token)) as
      Row | undefined;
    if (!row) return { ok: false, reason: 'unknown' };
    const record = toToken(row);
    const user = this.getUser(record.userId);
    if (!user) return { ok: false, reason: 'unknown' };
    const now = this.#iso();
    if (record.revokedAt !== null) return { ok: false, reason: 'revoked', user, token: record };
    if (record.expiresAt !== null && record.expiresAt <= now)
      return { ok: false, reason: 'expired', user, token: record };
    if (user.disabled) return { ok: false, reason: 'disabled', user, token: record };
    // Record use at most once a minute: no write per request under load.
    if (record.lastUsedAt === null || Date.parse(now) - Date.parse(record.lastUsedAt) > TOUCH_EVERY_MS) {
      this.#touch(
        `t:${record.id}`,
        'UPDATE account_tokens SET last_used_at = ? WHERE id = ?',
        now,
        record.id,
      );
    }
    return { ok: true, user, token: record };
  }

  listTokens(userId?: number): ApiToken[] {
    const rows =
      userId === undefined
        ? this.#db.prepare('SELECT * FROM account_tokens ORDER BY id').all()
        : this.#db.prepare('SELECT * FROM account_tokens WHERE user_id = ? ORDER BY id').all(userId);
    return (rows as Row[]).map(toToken);
  }

  /** Revokes a token (of `userId` when given). Returns false when there is no such token. */
  revokeToken(id: number, userId?: number): boolean {
    const sql =
      'UPDATE account_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL' +
      (userId === undefined ? '' : ' AND user_id = ?');
    const params: SQLInputValue[] = userId === undefined ? [this.#iso(), id] : [this.#iso(), id, userId];
    return Number(this.#db.prepare(sql).run(...params).changes) > 0;
  }

  /** Revokes every active token of a user; returns how many. */
  revokeTokensForUser(userId: number): number {
    return Number(
      this.#db
        .prepare('UPDATE account_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL')
        .run(this.#iso(), userId).changes,
    );
  }

  // ---- sessions ----

  createSession(userId: number): { id: string; expiresAt: string } {
    const id = randomBytes(32).toString('base64url');
    const at = this.#iso();
    const expiresAt = this.#iso(this.#sessionTtlMs);
    this.#db
      .prepare(
        'INSERT INTO account_sessions (id_hash, user_id, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(sha256(id), userId, at, expiresAt, at);
    return { id, expiresAt };
  }

  /** The session's user when the session is live; touches it (idle timeout) at most once a minute. */
  getSession(id: string): { user: User; session: Session } | undefined {
    if (id.length < 20 || id.length > 100) return undefined;
    const hash = sha256(id);
    const row = this.#db.prepare('SELECT * FROM account_sessions WHERE id_hash = ?').get(hash) as
      Row | undefined;
    if (!row) return undefined;
    const session: Session = {
      userId: Number(row['user_id']),
      createdAt: str(row['created_at']),
      expiresAt: str(row['expires_at']),
      lastSeenAt: str(row['last_seen_at']),
    };
    const nowMs = this.#now().getTime();
    if (
      Date.parse(session.expiresAt) <= nowMs ||
      nowMs - Date.parse(session.lastSeenAt) > this.#sessionIdleMs
    ) {
      // Refused either way; the row goes now or with `purgeExpiredSessions`.
      this.#touch(`s:${hash}`, 'DELETE FROM account_sessions WHERE id_hash = ?', hash);
      return undefined;
    }
    const user = this.getUser(session.userId);
    if (!user || user.disabled) return undefined;
    if (nowMs - Date.parse(session.lastSeenAt) > TOUCH_EVERY_MS) {
      const seen = this.#iso();
      if (
        this.#touch(`s:${hash}`, 'UPDATE account_sessions SET last_seen_at = ? WHERE id_hash = ?', seen, hash)
      )
        session.lastSeenAt = seen;
    }
    return { user, session };
  }

  deleteSession(id: string): void {
    this.#db.prepare('DELETE FROM account_sessions WHERE id_hash = ?').run(sha256(id));
  }

  deleteSessionsForUser(userId: number): void {
    this.#db.prepare('DELETE FROM account_sessions WHERE user_id = ?').run(userId);
  }

  purgeExpiredSessions(): number {
    const cutoffIdle = this.#iso(-this.#sessionIdleMs);
    return Number(
      this.#db
        .prepare('DELETE FROM account_sessions WHERE expires_at <= ? OR last_seen_at < ?')
        .run(this.#iso(), cutoffIdle).changes,
    );
  }

  /**
   * A write that only keeps a timestamp fresh (token last use, session last seen): tried at most once a
   * `TOUCH_EVERY_MS` per key, and skipped at once when another connection holds the write lock (busy timeout 0 for
   * this statement) or the store takes no writes (read-only, disk full), so that checking a token or session never
   * waits for, or fails on, a busy or read-only database. Returns
   * whether it was written. node:sqlite is synchronous: nothing else runs on this connection meanwhile.
   */
  #touch(key: string, sql: string, ...params: SQLInputValue[]): boolean {
    const nowMs = this.#now().getTime();
    const last = this.#touched.get(key);
    if (last !== undefined && nowMs - last < TOUCH_EVERY_MS) return false;
    this.#touched.delete(key);
    if (this.#touched.size >= MAX_TOUCHED) this.#touched.clear();
    this.#touched.set(key, nowMs);
    this.#busyTimeoutMs ??= Number(
      (this.#db.prepare('PRAGMA busy_timeout').get() as Row | undefined)?.['timeout'] ?? 5000,
    );
    this.#db.exec('PRAGMA busy_timeout = 0');
    try {
      this.#db.prepare(sql).run(...params);
      return true;
    } catch (err) {
      if (mayLeaveUnwritten(err)) return false;
      throw err;
    } finally {
      this.#db.exec(`PRAGMA busy_timeout = ${this.#busyTimeoutMs}`);
    }
  }

  // ---- audit ----

  /** Writes an audit row, dated `at` (default now). */
  audit(entry: AuditEntry, at: string = this.#iso()): void {
    writeAuditRow(this.#db, entry, at);
  }

  /**
   * As `audit`, for a server: while another connection holds the write lock (a CLI import), it waits on a timer, not
   * on the event loop, up to the connection's busy timeout, then rejects with the busy error (`writeWhenFree`). The
   * row is dated when it was asked for, not when the store let it be written.
   */
  auditWhenFree(entry: AuditEntry): Promise<void> {
    const at = this.#iso();
    return writeWhenFree(this.#db, () => this.audit(entry, at));
  }

  /** Newest first. */
  listAudit(
    options: { limit?: number; beforeId?: number; userId?: number; action?: string } = {},
  ): AuditRecord[] {
    const where: string[] = [];
    const params: SQLInputValue[] = [];
    if (options.beforeId !== undefined) {
      where.push('id < ?');
      params.push(options.beforeId);
    }
    if (options.userId !== undefined) {
      where.push('user_id = ?');
      params.push(options.userId);
    }
    if (options.action !== undefined) {
      where.push('action = ?');
      params.push(options.action);
    }
    params.push(Math.min(Math.max(options.limit ?? 100, 1), 1000));
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return (this.#db.prepare(sql).all(...params) as Row[]).map((row) => ({
      id: Number(row['id']),
      at: str(row['at']),
      userId: row['user_id'] === null ? null : Number(row['user_id']),
      username: strOrNull(row['username']),
      tokenId: row['token_id'] === null ? null : Number(row['token_id']),
      action: str(row['action']),
      method: str(row['method']),
      route: str(row['route']),
      resource: strOrNull(row['resource']),
      status: Number(row['status']),
      ip: strOrNull(row['ip']),
    }));
  }
}

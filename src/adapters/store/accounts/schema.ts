/**
 * The accounts tables' migrations (ids "accounts/…"): users, API tokens, web sessions and the audit log. Kept apart
 * from ./index.ts, which registers them, so that ../known-migrations.ts can list them without importing the store.
 */
import type { Migration } from '../database.ts';

const ACCOUNTS_SQL = `
CREATE TABLE IF NOT EXISTS account_users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'biller', 'admin')),
  password_hash TEXT,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS account_tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES account_users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  expires_at TEXT,
  revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS account_sessions (
  id_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES account_users(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS account_sessions_user ON account_sessions(user_id);
CREATE TABLE IF NOT EXISTS audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user_id INTEGER,
  username TEXT,
  token_id INTEGER,
  action TEXT NOT NULL,
  method TEXT NOT NULL,
  route TEXT NOT NULL,
  resource TEXT,
  status INTEGER NOT NULL,
  ip TEXT
);
CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log(at);
`;

/**
 * The audit trail must not be rewritable by the program that writes it: SQLite aborts any UPDATE or DELETE of a row.
 * (Whoever can write the file can still drop the triggers; that shows in the schema and needs file access.)
 */
const AUDIT_APPEND_ONLY_SQL = `
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be changed'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be deleted'); END;
`;

/**
 * Disabling a user now revokes their tokens (`updateUser`); tokens of users disabled before that would otherwise come
 * back to life when the account is enabled again.
 */
const REVOKE_DISABLED_USERS_TOKENS_SQL = `
UPDATE account_tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE revoked_at IS NULL AND user_id IN (SELECT id FROM account_users WHERE disabled = 1);
`;

/** The accounts tables; `openDatabase()` applies them once per file (./index.ts registers them at import). */
export const ACCOUNT_MIGRATIONS: readonly Migration[] = [
  { id: 'accounts/001-users-tokens-sessions-audit', sql: ACCOUNTS_SQL },
  { id: 'accounts/002-audit-append-only', sql: AUDIT_APPEND_ONLY_SQL },
  { id: 'accounts/003-revoke-disabled-users-tokens', sql: REVOKE_DISABLED_USERS_TOKENS_SQL },
  // When an admin last cleared the user's sign-in lockout (`drugclaim user unlock`, run beside the server).
  {
    id: 'accounts/004-lockout-cleared',
    sql: 'ALTER TABLE account_users ADD COLUMN lockout_cleared_at TEXT;',
  },
  // Tokens made before tokens expired (NULL) get the default lifetime from now: "every token expires" holds for
  // them too, and their holders have 90 days to replace them.
  {
    id: 'accounts/005-old-tokens-expire',
    sql: `UPDATE account_tokens SET expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+90 days')
  WHERE expires_at IS NULL AND revoked_at IS NULL;`,
  },
];

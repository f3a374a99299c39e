/**
 * Audit rows for CLI commands that read or change claim data in the store (and accounts): the same `audit_log` as
 * the HTTP service, so one trail shows who touched claim data whichever way they came in.
 *
 * The actor is the operating-system user running the command (`cli:<user>`), since the CLI has no sign-in; method is
 * `CLI`, route the command (`drugclaim worklist set`), status an HTTP-like outcome (200 done, 404 no such item, 409
 * change refused, 422 file rejected), ip empty. Resources are ids and counts as over HTTP, never claim content. The row
 * is written before anything is printed: when it cannot be written, the command fails instead of showing the data.
 * While another process writes the store (an import), the rows wait for it as the CLI's other writes do (a minute,
 * saying so after a second: docs/operations.md, "Concurrent use").
 */
import { userInfo } from 'node:os';
import type { DatabaseSync } from 'node:sqlite';
import { AccountStore, type AuditEntry } from '../../store/accounts/index.ts';
import { rollbackIfOpen } from '../../store/database.ts';

/** `cli:<OS user name>`, or `cli:uid:<n>` when the user has no name (a container without a passwd entry). */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return `cli:uid:${process.getuid?.() ?? 'unknown'}`;
  }
}

export interface CliAuditRow {
  /** Same action names as the HTTP routes where there is one (`worklist.status`, `denials.list`…). */
  action: string;
  /** The command as typed, without its arguments: `worklist set`. */
  command: string;
  resource: string | null;
  status?: number;
}

/** The audit entry of a CLI row, for a store that writes it in its own transaction (an import's file). */
export function cliAuditEntry(row: CliAuditRow, username = cliActor()): AuditEntry {
  return {
    userId: null,
    username,
    tokenId: null,
    action: row.action,
    method: 'CLI',
    route: `drugclaim ${row.command}`,
    resource: row.resource,
    status: row.status ?? 200,
    ip: null,
  };
}

/**
 * Writes the rows on the store's database (the recovery session's, or the accounts one), all or none. In a
 * transaction of their own: `BEGIN IMMEDIATE` is where a CLI connection waits for another process's write lock and
 * says that it does (`setLockPatience`); a row written alone would wait without a word.
 */
export function auditCli(db: DatabaseSync, ...rows: CliAuditRow[]): void {
  const accounts = new AccountStore(db);
  const username = cliActor();
  const write = (): void => {
    for (const row of rows) accounts.audit(cliAuditEntry(row, username));
  };
  if (db.isTransaction) {
    write(); // the caller's transaction: its rows stand or fall with it
    return;
  }
  db.exec('BEGIN IMMEDIATE');
  try {
    write();
    db.exec('COMMIT');
  } catch (err) {
    rollbackIfOpen(db);
    throw err;
  }
}

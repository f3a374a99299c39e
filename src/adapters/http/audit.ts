/**
 * Writes the audit rows of HTTP calls, collapsing refused calls: without that, anyone could add a row per request
 * (1,500 anonymous 401s, 1,500 rows) and bury real events under them.
 *
 * A refused call (status ≥ 400) made without a valid identity is written at once when it is the first from its
 * client address (and claimed user, for a revoked or disabled token) in a window; the next ones in that window are
 * only counted, and one summary row (`refused.repeated`, `repeats:N routes:…`) is written when the window ends. Calls
 * made by a signed-in user, and failed sign-ins (which name the account tried), are always written one by one: they
 * are bounded by the per-user and per-account limits.
 */
import type { AccountStore, AuditEntry } from '../store/accounts/index.ts';

interface Pending {
  first: AuditEntry;
  startedAt: number;
  repeats: number;
  routes: Map<string, number>;
  statuses: Map<number, number>;
}

/** Bound on the windows kept open at once; past it, every pending summary is written. */
const MAX_PENDING = 10_000;
/** Routes named in a summary row. */
const MAX_ROUTES = 5;

export class AuditWriter {
  readonly #accounts: AccountStore;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #pending = new Map<string, Pending>();

  constructor(accounts: AccountStore, options: { windowMs: number; now?: () => number }) {
    this.#accounts = accounts;
    this.#windowMs = options.windowMs;
    this.#now = options.now ?? Date.now;
  }

  /** One row, now. */
  write(entry: AuditEntry): void {
    this.#accounts.audit(entry);
  }

  /** A refused call without a valid identity: the first per address and window is written, the rest counted. */
  refused(entry: AuditEntry): void {
    const key = `${entry.ip ?? ''}|${entry.userId ?? ''}`;
    const now = this.#now();
    const open = this.#pending.get(key);
    if (open && now - open.startedAt < this.#windowMs) {
      open.repeats++;
      bump(open.routes, `${entry.method} ${entry.route}`);
      bump(open.statuses, entry.status);
      return;
    }
    if (open) this.#close(key, open);
    if (this.#pending.size >= MAX_PENDING) this.flush(true);
    this.write(entry);
    this.#pending.set(key, {
      first: entry,
      startedAt: now,
      repeats: 0,
      routes: new Map(),
      statuses: new Map(),
    });
  }

  /** Writes the summaries of ended windows (all of them with `all`, e.g. when the server closes). */
  flush(all = false): void {
    const now = this.#now();
    for (const [key, open] of this.#pending) {
      if (all || now - open.startedAt >= this.#windowMs) this.#close(key, open);
    }
  }

  #close(key: string, open: Pending): void {
    this.#pending.delete(key);
    if (open.repeats === 0) return;
    const routes = [...open.routes].sort((a, b) => b[1] - a[1]);
    const status = [...open.statuses].sort((a, b) => b[1] - a[1])[0]?.[0] ?? open.first.status;
    const [method, route] = (routes[0]?.[0] ?? `${open.first.method} ${open.first.route}`).split(' ');
    this.write({
      userId: open.first.userId,
      username: open.first.username,
      tokenId: open.first.tokenId,
      action: 'refused.repeated',
      method: method ?? '',
      route: route ?? '',
      resource:
        `repeats:${open.repeats} since:${new Date(open.startedAt).toISOString()} ` +
        `statuses:${[...open.statuses].map(([s, n]) => `${s}×${n}`).join(',')} routes:` +
        routes
          .slice(0, MAX_ROUTES)
          .map(([r, n]) => `${r}×${n}`)
          .join(',') +
        (routes.length > MAX_ROUTES ? `,+${routes.length - MAX_ROUTES} more` : ''),
      status,
      ip: open.first.ip,
    });
  }
}

function bump<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

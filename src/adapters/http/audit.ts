/**
 * Writes the audit rows of HTTP calls, collapsing refused calls: without that, anyone could add a row per request
 * (1,500 anonymous 401s, 1,500 rows) and bury real events under them.
 *
 * A refused call (status ≥ 400) made without a valid identity is written at once when it is the first from its
 * client address (and claimed user, for a revoked or disabled token) in a window; the next ones in that window are
 * only counted, and one summary row (`refused.repeated`, `repeats:N routes:…`) is written when the window ends. Calls
 * made by a signed-in user, and failed sign-ins (which name the account tried), are always written one by one: they
 * are bounded by the per-user and per-account limits.
 *
 * A streamed answer's row is written as the answer starts: when the stream then fails or its client goes away, a
 * second row records that outcome (the log is append-only: an outcome is added, never written over the first row).
 *
 * Writes wait for a store another process is writing (a CLI import) on a timer, not on the event loop
 * (`AccountStore.auditWhenFree`): the other requests, /api/health first, are answered meanwhile. They give up, and
 * the promise rejects, after the store's busy timeout (5 s).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountStore, AuditEntry } from '../store/accounts/index.ts';
import { sqliteCause } from './errors.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's audit writer (./auth.ts): routes that add outcome rows write them through it. */
    auditWriter: AuditWriter;
  }
}

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

  /** One row: at once when the store is free, else when it is (or rejects after its busy timeout). */
  write(entry: AuditEntry): Promise<void> {
    return this.#accounts.auditWhenFree(entry);
  }

  /**
   * A refused call without a valid identity: the first per address and window is written, the rest counted. Rejects
   * when a row (this call's, or the summary of a window it ends) cannot be written.
   */
  async refused(entry: AuditEntry): Promise<void> {
    const key = `${entry.ip ?? ''}|${entry.userId ?? ''}`;
    const now = this.#now();
    const open = this.#pending.get(key);
    if (open && now - open.startedAt < this.#windowMs) {
      open.repeats++;
      bump(open.routes, `${entry.method} ${entry.route}`);
      bump(open.statuses, entry.status);
      return;
    }
    const writes: Promise<void>[] = [];
    if (open) writes.push(this.#close(key, open));
    if (this.#pending.size >= MAX_PENDING) writes.push(this.flush(true));
    // The window opens before its first row is written: the calls that come while the store is busy are counted in
    // it, not written one by one.
    this.#pending.set(key, {
      first: entry,
      startedAt: now,
      repeats: 0,
      routes: new Map(),
      statuses: new Map(),
    });
    writes.push(this.write(entry));
    await Promise.all(writes);
  }

  /**
   * Writes the summaries of ended windows (all of them with `all`, e.g. when the server closes). Rejects with the
   * first row that cannot be written, once all were tried.
   */
  async flush(all = false): Promise<void> {
    const now = this.#now();
    const writes: Promise<void>[] = [];
    for (const [key, open] of this.#pending) {
      if (all || now - open.startedAt >= this.#windowMs) writes.push(this.#close(key, open));
    }
    const failed = (await Promise.allSettled(writes)).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  #close(key: string, open: Pending): Promise<void> {
    this.#pending.delete(key);
    if (open.repeats === 0) return Promise.resolve();
    const routes = [...open.routes].sort((a, b) => b[1] - a[1]);
    const status = [...open.statuses].sort((a, b) => b[1] - a[1])[0]?.[0] ?? open.first.status;
    const [method, route] = (routes[0]?.[0] ?? `${open.first.method} ${open.first.route}`).split(' ');
    return this.write({
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

/** The status an outcome row records for a streamed answer that did not reach its client whole. */
export const STREAM_OUTCOME_STATUS = {
  /** Writing the document failed part-way. */
  failed: 500,
  /** The client went away before the end (nginx's 499 "client closed request": no client gets it). */
  aborted: 499,
} as const;
export type StreamOutcome = keyof typeof STREAM_OUTCOME_STATUS;

/** The client closed the connection before its answer was sent whole. */
export function clientGone(reply: Pick<FastifyReply, 'raw'>): boolean {
  return reply.raw.destroyed && !reply.raw.writableFinished;
}

interface Emitter {
  once(event: string, listener: (...args: unknown[]) => void): unknown;
}

/**
 * Calls `incomplete` once when `body`, piped into `response`, fails or is left by its client before the end; nothing
 * when the whole answer was sent. A response its client has already left says `aborted` at once: its 'close' has
 * been and gone.
 */
export function watchStream(
  response: Emitter & { readonly destroyed: boolean; readonly writableFinished: boolean },
  body: Emitter,
  incomplete: (outcome: StreamOutcome) => void,
): void {
  if (response.destroyed && !response.writableFinished) {
    incomplete('aborted');
    return;
  }
  let failed = false;
  let finished = false;
  body.once('error', () => {
    failed = true;
  });
  response.once('finish', () => {
    finished = true;
  });
  // A failed stream's response may still end cleanly (a 500 sent in place of the document), so its error counts first.
  response.once('close', () => {
    if (failed) incomplete('failed');
    else if (!finished) incomplete('aborted');
  });
}

/** The request's id as audit rows name it, to tie an outcome row to the call's first row (and to its log lines). */
export function requestTag(request: FastifyRequest): string {
  return `request:${String(request.id)
    .replace(/[^\w.-]/g, '')
    .slice(0, 64)}`;
}

/** This call's audit row, or undefined when the route records none. */
export function auditEntry(request: FastifyRequest, status: number): AuditEntry | undefined {
  const refused = request.refusedToken;
  // A revoked, expired or disabled user's token is recorded on any route: someone holds a token they should not.
  const action = request.routeOptions.config.audit ?? (refused ? 'auth.token-refused' : undefined);
  if (action === undefined) return undefined;
  const principal = request.principal;
  // Sign-in sets the user it signed in (`auditUser`): the row names them, not only the resource text.
  const user = principal?.user ?? request.auditUser ?? refused?.user ?? null;
  return {
    userId: user?.id ?? null,
    username: user?.username ?? null,
    tokenId: principal?.token?.id ?? refused?.token.id ?? null,
    action,
    method: request.method,
    route: request.routeOptions.url ?? '',
    resource:
      request.auditResource ?? (refused ? `token:${refused.token.id} refused:${refused.reason}` : null),
    status,
    // Taken when the request came in: `request.ip` reads the socket, which has no address once the client has gone.
    ip: request.clientAddress,
  };
}

/**
 * Appends outcome rows for a call whose row is already written: its row (same caller, action, route and address)
 * with the status and resource given. They are written after the answer has gone, from a stream's events: a row that
 * cannot be written is logged (action and error code, never the resource), not thrown.
 */
export function outcomeWriter(
  audit: Pick<AuditWriter, 'write'>,
  request: FastifyRequest,
): (status: number, resource: string) => void {
  return (status, resource) => {
    const entry = auditEntry(request, status);
    if (entry === undefined) return;
    const lost = (err: unknown): void => {
      const e = err as { name?: string; code?: string };
      request.log.error(
        {
          action: entry.action,
          route: entry.route,
          status,
          errClass: e.name,
          errCode: e.code,
          sqlite: sqliteCause(err),
        },
        'audit outcome row not written',
      );
    };
    try {
      audit.write({ ...entry, resource }).catch(lost);
    } catch (err) {
      lost(err);
    }
  };
}

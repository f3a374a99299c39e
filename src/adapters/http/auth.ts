/**
 * Who is calling, and may they? Sessions (web app: httpOnly, SameSite=Strict cookie + CSRF token on every unsafe
 * request) and API tokens (`Authorization: Bearer dct_…`, no CSRF: a browser never sends it by itself).
 * Every call of a route marked with an audit action is written to the audit log, refused ones included; refused calls
 * without an identity are rate-limited per client address and collapsed in the log (./audit.ts).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { roleAtLeast, type AuditEntry } from '../store/accounts/index.ts';
import { auditEntry, AuditWriter, clientGone } from './audit.ts';
import type { App, AppConfig, RouteContext } from './context.ts';
import { HttpError, sqliteCause, storeFault, type ErrorBody, type StoreFault } from './errors.ts';

export const SESSION_COOKIE = 'drugclaim_session';
export const CSRF_HEADER = 'x-csrf-token';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function sessionCookieOptions(config: AppConfig, maxAgeSeconds: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: config.secureCookies,
    maxAge: maxAgeSeconds,
  };
}

/** The Bearer token of the request; undefined without an Authorization header; null when it is malformed. */
function bearer(request: FastifyRequest): string | undefined | null {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return m?.[1] ?? null;
}

function checkCsrf(app: App, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  return new Promise((resolve, reject) => {
    // @fastify/csrf-protection answers 403 itself through the error path when the token is wrong.
    app.csrfProtection(request, reply, ((err?: Error) => (err ? reject(err) : resolve())) as () => void);
  });
}

export function installAuth(app: App, ctx: RouteContext): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('auditResource', null);
  app.decorateRequest('refusedToken', null);
  app.decorateRequest('auditEach', false);
  app.decorateRequest('auditUser', null);
  app.decorateRequest('auditDone', false);
  app.decorateRequest('clientAddress', null);

  const audit = new AuditWriter(ctx.accounts, { windowMs: ctx.config.auditCollapseMs });
  app.decorate('auditWriter', audit);
  // A summary row that cannot be written (database busy) is logged; a rejection from a timer would end the process.
  const flushSafely = (all: boolean): Promise<void> =>
    audit.flush(all).catch((err: unknown) => {
      const e = err as { name?: string; code?: string };
      app.log.error(
        { errClass: e.name, errCode: e.code, sqlite: sqliteCause(err) },
        'refused-call summary rows not written',
      );
    });
  const flush = setInterval(() => void flushSafely(false), ctx.config.auditCollapseMs);
  flush.unref();
  app.addHook('onClose', async () => {
    clearInterval(flush);
    await flushSafely(true);
  });

  // Refused calls are counted per client address here, where they are refused: the per-identity limit runs later
  // (preHandler) and never sees them.
  const refusedLimit = app.createRateLimit({
    max: ctx.config.refusedRateLimit.max,
    timeWindow: ctx.config.refusedRateLimit.timeWindowMs,
    keyGenerator: (req) => `refused:${req.ip}`,
  });
  const refuse = async (request: FastifyRequest, reply: FastifyReply, message: string): Promise<never> => {
    const limit = await refusedLimit(request);
    if (!limit.isAllowed && limit.isExceeded) {
      void reply.header('retry-after', String(limit.ttlInSeconds));
      throw new HttpError(
        429,
        'rate-limited',
        `Too many refused requests from this address (at most ${limit.max} a minute); retry in ${limit.ttlInSeconds} seconds.`,
      );
    }
    throw new HttpError(401, 'unauthorized', message);
  };

  app.addHook('onRequest', async (request, reply) => {
    request.principal = null;
    request.auditResource = null;
    request.refusedToken = null;
    request.auditEach = false;
    request.auditUser = null;
    request.auditDone = false;
    request.clientAddress = request.ip ?? null;
    const token = bearer(request);
    if (token === null) return refuse(request, reply, 'Authorization header must be "Bearer <API token>".');
    if (token !== undefined) {
      const found = ctx.accounts.checkToken(token);
      if (!found.ok) {
        if (found.reason !== 'unknown')
          request.refusedToken = { user: found.user, token: found.token, reason: found.reason };
        return refuse(request, reply, 'The API token is unknown, revoked or expired.');
      }
      request.principal = { user: found.user, via: 'token', token: found.token };
    } else {
      const sid = request.cookies[SESSION_COOKIE];
      if (sid) {
        const found = ctx.accounts.getSession(sid);
        if (found) request.principal = { user: found.user, via: 'session' };
        else void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      }
    }

    const access = request.routeOptions.config.access ?? 'public';
    if (access === 'public' || (access === 'reference' && ctx.config.publicReference)) return;
    const needed = access === 'reference' ? 'viewer' : access;
    const principal = request.principal;
    if (!principal)
      return refuse(request, reply, 'Sign in, or send an API token as "Authorization: Bearer <token>".');
    if (!roleAtLeast(principal.user.role, needed)) {
      throw new HttpError(403, 'forbidden', `This needs the ${needed} role; you are ${principal.user.role}.`);
    }
    if (principal.via === 'session' && UNSAFE.has(request.method)) await checkCsrf(app, request, reply);
  });

  // The row is written (committed) before the answer leaves, and the answer waits for it: when the row cannot be
  // written (the database stays locked past its busy timeout), the caller gets a 503 instead of the data, and the
  // failure is logged (action and error code only). An audit trail that drops rows when busy is no audit trail.
  // The wait is on a timer (./audit.ts): the other requests are answered meanwhile.
  app.addHook('onSend', async (request, reply, payload) => {
    // The 503 below goes through the remaining onSend hooks, not this one again.
    if (request.auditDone) return payload;
    request.auditDone = true;
    // A client gone before its answer starts gets none of it: the row keeps the status of what was done (an import
    // that wrote its file is a 200, whoever is left to hear it) and says the client had gone. 499 is for the calls
    // that decided themselves to do nothing for a gone client (a skipped import, a conversion not sent).
    const gone = clientGone(reply) && reply.statusCode !== 499;
    const entry = auditEntry(request, reply.statusCode);
    if (entry === undefined) return payload;
    if (gone) entry.resource = entry.resource === null ? 'client-gone' : `${entry.resource} client-gone`;
    if (!request.principal && reply.statusCode >= 400 && !request.auditEach) {
      // Refused without an identity: nothing was served or changed, so a lost row is logged, not answered.
      try {
        await audit.refused(entry);
      } catch (err) {
        logAuditFailure(request, entry, err, 'refused call not recorded');
      }
      return payload;
    }
    try {
      await audit.write(entry);
      return payload;
    } catch (err) {
      logAuditFailure(request, entry, err, 'audit row not written; answered 503 instead');
      if (payload !== null && typeof payload === 'object' && 'destroy' in payload)
        (payload as { destroy(): void }).destroy();
      // Nothing of the original answer may go out: not a download name, not a new session cookie.
      // Only headers about the connection and security stay: x-drugclaim-* counts and codes describe the withheld data.
      for (const header of Object.keys(reply.getHeaders()))
        if (!KEPT_ON_WITHHELD.has(header)) void reply.removeHeader(header);
      void reply.code(503).type('application/json; charset=utf-8');
      // Only a busy store is worth retrying; a read-only store or a full disk needs the operator first.
      const fault = storeFault(err);
      if (fault === undefined || fault === 'busy') void reply.header('retry-after', '5');
      return JSON.stringify({
        statusCode: 503,
        code: 'audit-unavailable',
        message: withheldMessage(fault),
      } satisfies ErrorBody);
    }
  });
}

/** Why an answer was withheld, by what the store said when its audit row was written. */
function withheldMessage(fault: StoreFault | undefined): string {
  const withheld = 'The audit log could not be written, so the answer is withheld';
  switch (fault) {
    case 'busy':
      return `${withheld}: the store is busy with another writer (an import or a backup); retry shortly.`;
    case 'read-only':
      return `${withheld}: the store is read-only (its file, its folder or its disk cannot be written); the operator must make it writable.`;
    case 'full':
      return `${withheld}: the disk holding the store is full; the operator must free space.`;
    case undefined:
      return `${withheld}: the store failed (the server log has its SQLite error); retry shortly.`;
  }
}

/** The headers a 503 audit-unavailable keeps from the answer it replaces: none that says anything about its data. */
const KEPT_ON_WITHHELD: ReadonlySet<string> = new Set([
  'cache-control',
  'vary',
  'strict-transport-security',
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'x-request-id',
]);

/** A lost audit row, in the server log: the action and the database's error, never the resource or the URL. */
function logAuditFailure(request: FastifyRequest, entry: AuditEntry, err: unknown, msg: string): void {
  const e = err as { name?: string; code?: string };
  request.log.error(
    {
      action: entry.action,
      route: entry.route,
      status: entry.status,
      user: entry.userId ?? undefined,
      errClass: e.name,
      errCode: e.code,
      sqlite: sqliteCause(err),
    },
    msg,
  );
}

/**
 * Who is calling, and may they? Sessions (web app: httpOnly, SameSite=Strict cookie + CSRF token on every unsafe
 * request) and API tokens (`Authorization: Bearer dct_…`, no CSRF: a browser never sends it by itself).
 * Every call of a route marked with an audit action is written to the audit log, refused ones included; refused calls
 * without an identity are rate-limited per client address and collapsed in the log (./audit.ts).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { roleAtLeast, type AuditEntry } from '../store/accounts/index.ts';
import { AuditWriter } from './audit.ts';
import type { App, AppConfig, RouteContext } from './context.ts';
import { HttpError } from './errors.ts';

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

  const audit = new AuditWriter(ctx.accounts, { windowMs: ctx.config.auditCollapseMs });
  const flush = setInterval(() => audit.flush(), ctx.config.auditCollapseMs);
  flush.unref();
  app.addHook('onClose', async () => {
    clearInterval(flush);
    audit.flush(true);
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

  app.addHook('onResponse', async (request, reply) => {
    const refused = request.refusedToken;
    // A revoked, expired or disabled user's token is recorded on any route: someone holds a token they should not.
    const action = request.routeOptions.config.audit ?? (refused ? 'auth.token-refused' : undefined);
    if (action === undefined) return;
    const principal = request.principal;
    const entry: AuditEntry = {
      userId: principal?.user.id ?? refused?.user.id ?? null,
      username: principal?.user.username ?? refused?.user.username ?? null,
      tokenId: principal?.token?.id ?? refused?.token.id ?? null,
      action,
      method: request.method,
      route: request.routeOptions.url ?? '',
      resource:
        request.auditResource ?? (refused ? `token:${refused.token.id} refused:${refused.reason}` : null),
      status: reply.statusCode,
      ip: request.ip,
    };
    if (!principal && reply.statusCode >= 400 && !request.auditEach) audit.refused(entry);
    else audit.write(entry);
  });
}

/**
 * Who is calling, and may they? Sessions (web app: httpOnly, SameSite=Strict cookie + CSRF token on every unsafe
 * request) and API tokens (`Authorization: Bearer dct_…`, no CSRF: a browser never sends it by itself).
 * Every call of a route marked with an audit action is written to the audit log, refused ones included.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { roleAtLeast } from '../store/accounts/index.ts';
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

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  if (!m) throw new HttpError(401, 'unauthorized', 'Authorization header must be "Bearer <API token>".');
  return m[1];
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

  app.addHook('onRequest', async (request, reply) => {
    request.principal = null;
    request.auditResource = null;
    const token = bearer(request);
    if (token !== undefined) {
      const found = ctx.accounts.verifyToken(token);
      if (!found) throw new HttpError(401, 'unauthorized', 'The API token is unknown, revoked or expired.');
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
      throw new HttpError(
        401,
        'unauthorized',
        'Sign in, or send an API token as "Authorization: Bearer <token>".',
      );
    if (!roleAtLeast(principal.user.role, needed)) {
      throw new HttpError(403, 'forbidden', `This needs the ${needed} role; you are ${principal.user.role}.`);
    }
    if (principal.via === 'session' && UNSAFE.has(request.method)) await checkCsrf(app, request, reply);
  });

  app.addHook('onResponse', async (request, reply) => {
    const action = request.routeOptions.config.audit;
    if (action === undefined) return;
    const principal = request.principal;
    ctx.accounts.audit({
      userId: principal?.user.id ?? null,
      username: principal?.user.username ?? null,
      tokenId: principal?.token?.id ?? null,
      action,
      method: request.method,
      route: request.routeOptions.url ?? '',
      resource: request.auditResource,
      status: reply.statusCode,
      ip: request.ip,
    });
  });
}

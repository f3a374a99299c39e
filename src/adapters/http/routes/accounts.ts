/**
 * Sign-in (session cookie + CSRF token), API tokens, users (admin) and the audit log (admin).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  AccountError,
  ROLES,
  TOKEN_DEFAULT_DAYS,
  TOKEN_MAX_DAYS,
  type ApiToken,
  type User,
} from '../../store/accounts/index.ts';
import { passwordProblem } from '../../store/accounts/password.ts';
import { SESSION_COOKIE, sessionCookieOptions } from '../auth.ts';
import type { App, RouteContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { errors, Ok, secure } from '../schemas.ts';

const UserBody = z.object({
  id: z.number().int(),
  username: z.string(),
  role: z.enum(ROLES),
  disabled: z.boolean(),
  hasPassword: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const TokenBody = z.object({
  id: z.number().int(),
  userId: z.number().int(),
  name: z.string(),
  prefix: z.string().describe('First characters of the token, to tell tokens apart'),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

const AuditBody = z.object({
  id: z.number().int(),
  at: z.string(),
  userId: z.number().int().nullable(),
  username: z.string().nullable(),
  tokenId: z.number().int().nullable(),
  action: z.string(),
  method: z.string(),
  route: z.string(),
  resource: z.string().nullable(),
  status: z.number().int(),
  ip: z.string().nullable(),
});

const IdParams = z.object({ id: z.coerce.number().int().positive() });

const NewPassword = z
  .string()
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('At least 12 characters');

/**
 * A name typed at sign-in that is no account may be a password typed in the wrong field. The audit keeps only an
 * HMAC of it under a key drawn when the server starts and never stored: attempts with the same text line up within a
 * server run, but nobody holding the audit log (or the whole database file) can test a guess against the tag.
 */
const UNKNOWN_NAME_KEY = randomBytes(32);
export function unknownNameTag(name: string): string {
  return createHmac('sha256', UNKNOWN_NAME_KEY).update(name).digest('hex').slice(0, 12);
}

/** 400 when a new password contains the user name (the field-level rules ran in the schema). */
function refuseNameInPassword(password: string, username: string, field: string): void {
  const problem = passwordProblem(password, username);
  if (problem)
    throw new HttpError(400, 'bad-request', problem, {
      issues: [{ path: `body.${field}`, message: problem }],
    });
}

const toUser = (u: User): User => ({ ...u });
const toToken = (t: ApiToken): ApiToken => ({ ...t });

function accountError(err: unknown): never {
  if (err instanceof AccountError) {
    const status =
      err.code === 'not-found'
        ? 404
        : err.code === 'invalid-username' || err.code === 'invalid-expiry'
          ? 400
          : 409;
    throw new HttpError(status, err.code, err.message);
  }
  throw err;
}

export function registerAccountRoutes(app: App, ctx: RouteContext): void {
  app.get(
    '/auth/csrf',
    {
      config: { access: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'A CSRF token for the web app',
        description:
          'Send it as the x-csrf-token header on login and on every POST/PATCH/DELETE made with a session cookie.',
        response: { 200: z.object({ token: z.string() }) },
      },
    },
    async (_request, reply) => ({ token: reply.generateCsrf() }),
  );

  /**
   * A password check for `username` from this client address under the lockout (../login-guard.ts): refused with
   * 429 while that pair is locked, or while the account is slowed down. The attempt counts as a failure before the
   * (slow) check, so parallel guesses cannot all slip in before the first failure is recorded; a right password
   * clears the pair. An unlock the CLI stored in the database is applied first.
   */
  const guarded = async <T>(
    request: FastifyRequest,
    reply: FastifyReply,
    username: string,
    check: () => Promise<T | undefined>,
  ): Promise<T | undefined> => {
    const cleared = ctx.accounts.lockoutClearedAt(username);
    if (cleared !== null) ctx.loginGuard.clearedAt(username, Date.parse(cleared));
    const wait = ctx.loginGuard.lockedFor(username, request.ip);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      void reply.header('retry-after', String(seconds));
      throw new HttpError(
        429,
        'rate-limited',
        `Too many wrong passwords for this account; retry in ${seconds} seconds.`,
      );
    }
    ctx.loginGuard.fail(username, request.ip);
    const ok = await check();
    if (ok !== undefined) ctx.loginGuard.succeed(username, request.ip);
    return ok;
  };
  // Sign-in and password change are limited per client address whoever the caller is (a Bearer token on a login
  // request must not buy a fresh budget), besides the per-account lockout.
  const perAddress = {
    max: ctx.config.loginRateLimit.max,
    timeWindow: ctx.config.loginRateLimit.timeWindowMs,
    keyGenerator: (req: FastifyRequest) => `login:${req.ip}`,
  };

  app.post(
    '/auth/login',
    {
      config: { access: 'public', audit: 'auth.login', rateLimit: perAddress },
      onRequest: app.csrfProtection,
      schema: {
        tags: ['accounts'],
        summary: 'Sign in: sets the session cookie (httpOnly, SameSite=Strict)',
        body: z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) }),
        response: { 200: z.object({ user: UserBody, expiresAt: z.string() }), ...errors(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const name = request.body.username;
      const known = ctx.accounts.findUser(name);
      request.auditResource = known ? `user:${known.username}` : `unknown-user:hmac:${unknownNameTag(name)}`;
      // The row names the account (user id and name), so `GET /api/audit?userId=` finds its sign-ins.
      request.auditUser = known ?? null;
      const user = await guarded(request, reply, name, () =>
        ctx.accounts.verifyLogin(name, request.body.password),
      );
      if (!user) {
        // Each failed password check gets its own audit row (it names the account tried).
        request.auditEach = true;
        throw new HttpError(
          401,
          'bad-credentials',
          'User name or password is wrong, or the account is disabled.',
        );
      }
      const old = request.cookies[SESSION_COOKIE];
      if (old) ctx.accounts.deleteSession(old);
      const session = ctx.accounts.createSession(user.id);
      void reply.setCookie(
        SESSION_COOKIE,
        session.id,
        sessionCookieOptions(ctx.config, Math.floor(ctx.accounts.sessionTtlMs / 1000)),
      );
      request.log.info({ user: user.id }, 'signed in');
      return { user: toUser(user), expiresAt: session.expiresAt };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: 'viewer', audit: 'auth.logout' },
      schema: {
        tags: ['accounts'],
        summary: 'Sign out (ends the session)',
        ...secure,
        response: { 200: Ok, ...errors(401, 403) },
      },
    },
    async (request, reply) => {
      const sid = request.cookies[SESSION_COOKIE];
      request.auditResource = sid ? 'session' : 'no-session';
      if (sid) ctx.accounts.deleteSession(sid);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/me',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['accounts'],
        summary: 'Who am I?',
        ...secure,
        response: { 200: z.object({ user: UserBody, via: z.enum(['session', 'token']) }), ...errors(401) },
      },
    },
    async (request) => {
      const p = request.principal;
      if (!p) throw new HttpError(401, 'unauthorized', 'Not signed in.');
      return { user: toUser(p.user), via: p.via };
    },
  );

  app.post(
    '/auth/password',
    {
      config: {
        access: 'viewer',
        audit: 'auth.password',
        rateLimit: { ...perAddress, keyGenerator: (req: FastifyRequest) => `password:${req.ip}` },
      },
      schema: {
        tags: ['accounts'],
        summary: 'Change my password (ends all my sessions and revokes all my API tokens)',
        ...secure,
        body: z.strictObject({ currentPassword: z.string().min(1).max(1024), newPassword: NewPassword }),
        response: { 200: Ok, ...errors(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const p = request.principal;
      if (!p) throw new HttpError(401, 'unauthorized', 'Not signed in.');
      request.auditResource = `user:${p.user.username}`;
      refuseNameInPassword(request.body.newPassword, p.user.username, 'newPassword');
      // The same lockout as sign-in: a stolen session or token must not be a way to guess the password.
      const ok = await guarded(request, reply, p.user.username, () =>
        ctx.accounts.verifyLogin(p.user.username, request.body.currentPassword),
      );
      if (!ok) throw new HttpError(403, 'bad-credentials', 'The current password is wrong.');
      // Every session and API token of the user ends: whoever changes a password after a leak means all of them.
      await ctx.accounts.updateUser(p.user.id, { password: request.body.newPassword });
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  // ---- API tokens ----

  app.get(
    '/tokens',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['accounts'],
        summary: 'My API tokens (all tokens with ?all=true, admin)',
        ...secure,
        querystring: z.object({ all: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ tokens: z.array(TokenBody) }), ...errors(401, 403) },
      },
    },
    async (request) => {
      const p = request.principal;
      if (!p) throw new HttpError(401, 'unauthorized', 'Not signed in.');
      if (request.query.all === 'true' && p.user.role !== 'admin')
        throw new HttpError(403, 'forbidden', 'Only an admin sees all tokens.');
      return {
        tokens: ctx.accounts.listTokens(request.query.all === 'true' ? undefined : p.user.id).map(toToken),
      };
    },
  );

  app.post(
    '/tokens',
    {
      config: { access: 'viewer', audit: 'tokens.create' },
      schema: {
        tags: ['accounts'],
        summary: 'Create an API token for me (shown once)',
        ...secure,
        description:
          `Every token expires: after expiresInDays (default ${TOKEN_DEFAULT_DAYS}, at most ${TOKEN_MAX_DAYS}); a token ` +
          'created with another token expires no later than that one. With a session (the web app), the current ' +
          'password is needed too (currentPassword; wrong ones count toward the sign-in lockout): a session left open ' +
          'must not be turned into a lasting credential.',
        body: z.strictObject({
          name: z.string().trim().min(1).max(100),
          expiresInDays: z.number().int().min(1).max(TOKEN_MAX_DAYS).optional(),
          currentPassword: z.string().min(1).max(1024).optional(),
        }),
        response: {
          201: z.object({
            token: z
              .string()
              .describe('The secret: send as "Authorization: Bearer <token>". Not shown again.'),
            record: TokenBody,
          }),
          ...errors(400, 401, 403, 429),
        },
      },
    },
    async (request, reply) => {
      const p = request.principal;
      if (!p) throw new HttpError(401, 'unauthorized', 'Not signed in.');
      const days = request.body.expiresInDays ?? TOKEN_DEFAULT_DAYS;
      request.auditResource = `token-name:${request.body.name.slice(0, 60)}`;
      if (p.via === 'session') {
        const password = request.body.currentPassword;
        if (password === undefined)
          throw new HttpError(
            400,
            'password-required',
            'Creating an API token needs your current password.',
            {
              issues: [{ path: 'body.currentPassword', message: 'is required with a session' }],
            },
          );
        const ok = await guarded(request, reply, p.user.username, () =>
          ctx.accounts.verifyLogin(p.user.username, password),
        );
        if (!ok) throw new HttpError(403, 'bad-credentials', 'The current password is wrong.');
      }
      let expiresAt = new Date(Date.now() + days * 86_400_000).toISOString();
      // A token cannot outlive the token that made it: a stolen token must not extend itself.
      const parent = p.token?.expiresAt ?? null;
      if (parent !== null && parent < expiresAt) expiresAt = parent;
      const created = ctx.accounts.createToken(p.user.id, request.body.name, { expiresAt });
      request.auditResource += ` token:${created.record.id} expires:${expiresAt.slice(0, 10)}`;
      return reply.status(201).send({ token: created.token, record: toToken(created.record) });
    },
  );

  app.delete(
    '/tokens/:id',
    {
      config: { access: 'viewer', audit: 'tokens.revoke' },
      schema: {
        tags: ['accounts'],
        summary: 'Revoke a token (mine; any, admin)',
        ...secure,
        params: IdParams,
        response: { 200: Ok, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const p = request.principal;
      if (!p) throw new HttpError(401, 'unauthorized', 'Not signed in.');
      request.auditResource = `token:${request.params.id}`;
      const ok = ctx.accounts.revokeToken(request.params.id, p.user.role === 'admin' ? undefined : p.user.id);
      if (!ok) throw new HttpError(404, 'not-found', `No active token ${request.params.id}.`);
      return { ok: true as const };
    },
  );

  // ---- users (admin) ----

  app.get(
    '/users',
    {
      config: { access: 'admin', audit: 'users.list' },
      schema: {
        tags: ['accounts'],
        summary: 'Users',
        ...secure,
        response: { 200: z.object({ users: z.array(UserBody) }), ...errors(401, 403) },
      },
    },
    async (request) => {
      const users = ctx.accounts.listUsers();
      request.auditResource = `rows:${users.length}`;
      return { users: users.map(toUser) };
    },
  );

  app.post(
    '/users',
    {
      config: { access: 'admin', audit: 'users.create' },
      schema: {
        tags: ['accounts'],
        summary: 'Create a user',
        ...secure,
        body: z.strictObject({
          username: z.string().min(2).max(64),
          role: z.enum(ROLES),
          password: NewPassword,
        }),
        response: { 201: z.object({ user: UserBody }), ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      request.auditResource = `user:${request.body.username}`;
      refuseNameInPassword(request.body.password, request.body.username, 'password');
      const user = await ctx.accounts.createUser(request.body).catch(accountError);
      return reply.status(201).send({ user: toUser(user) });
    },
  );

  app.patch(
    '/users/:id',
    {
      config: { access: 'admin', audit: 'users.update' },
      schema: {
        tags: ['accounts'],
        summary: 'Change a user: role, disabled, password',
        description:
          'Disabling a user, or setting their password, ends their sessions and revokes all their API tokens.',
        ...secure,
        params: IdParams,
        body: z
          .strictObject({
            role: z.enum(ROLES).optional(),
            disabled: z.boolean().optional(),
            password: NewPassword.optional(),
          })
          .refine((b) => b.role !== undefined || b.disabled !== undefined || b.password !== undefined, {
            message: 'nothing to change',
          }),
        response: { 200: z.object({ user: UserBody }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const b = request.body;
      request.auditResource = `user:${request.params.id}${b.role ? ` role:${b.role}` : ''}${b.disabled !== undefined ? ` disabled:${b.disabled}` : ''}${b.password ? ' password' : ''}`;
      const target = ctx.accounts.getUser(request.params.id);
      if (target && b.password !== undefined) refuseNameInPassword(b.password, target.username, 'password');
      const change = {
        ...(b.role !== undefined ? { role: b.role } : {}),
        ...(b.disabled !== undefined ? { disabled: b.disabled } : {}),
        ...(b.password !== undefined ? { password: b.password } : {}),
      };
      const user = await ctx.accounts.updateUser(request.params.id, change).catch(accountError);
      return { user: toUser(user) };
    },
  );

  app.post(
    '/users/:id/unlock',
    {
      config: { access: 'admin', audit: 'users.unlock' },
      schema: {
        tags: ['accounts'],
        summary: "Clear a user's sign-in lockout (every address) and slow-down",
        ...secure,
        params: IdParams,
        response: { 200: Ok, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      request.auditResource = `user:${request.params.id}`;
      const target = ctx.accounts.getUser(request.params.id);
      if (!target) throw new HttpError(404, 'not-found', `No user with id ${request.params.id}.`);
      ctx.accounts.clearLockout(target.id);
      ctx.loginGuard.clear(target.username);
      return { ok: true as const };
    },
  );

  app.get(
    '/audit',
    {
      config: { access: 'admin', audit: 'audit.read' },
      schema: {
        tags: ['accounts'],
        summary: 'Audit log of claim-data access, newest first',
        ...secure,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(1000).optional(),
          beforeId: z.coerce.number().int().positive().optional(),
          userId: z.coerce.number().int().positive().optional(),
          action: z.string().max(100).optional(),
        }),
        response: { 200: z.object({ entries: z.array(AuditBody) }), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query;
      const entries = ctx.accounts.listAudit({
        ...(q.limit !== undefined ? { limit: q.limit } : {}),
        ...(q.beforeId !== undefined ? { beforeId: q.beforeId } : {}),
        ...(q.userId !== undefined ? { userId: q.userId } : {}),
        ...(q.action !== undefined ? { action: q.action } : {}),
      });
      const filters = [
        q.action !== undefined ? `action=${q.action.slice(0, 40)}` : '',
        q.userId !== undefined ? `userId=${q.userId}` : '',
        q.beforeId !== undefined ? `beforeId=${q.beforeId}` : '',
      ].filter(Boolean);
      request.auditResource = `rows:${entries.length}${filters.length > 0 ? ` ${filters.join(' ')}` : ''}`;
      return { entries };
    },
  );
}

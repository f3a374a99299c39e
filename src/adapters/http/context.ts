/**
 * What every route module receives, and the per-route options (`config`) the app's hooks read:
 * who may call it (`access`), which audit action it records (`audit`).
 */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ReferenceData } from '../../core/reference/port.ts';
import type { LoadedRules } from '../rules/index.ts';
import type { AccountStore, ApiToken, Role, User } from '../store/accounts/index.ts';
import type { ReadinessCheck } from './readiness.ts';
import { DEFAULT_LOGIN_LOCKOUT, type LoginGuard, type LoginLockoutConfig } from './login-guard.ts';
import type { ZodTypeProvider } from './zod.ts';

/**
 * Who may call a route:
 * - `public`: anyone (health, login, the CSRF token);
 * - `reference`: reference lookups (codes, search, guides, units, fact check) — public unless the config says not;
 * - a role: a signed-in user (session cookie or Bearer API token) with at least that role.
 */
export type Access = 'public' | 'reference' | Role;

export interface Principal {
  user: User;
  via: 'session' | 'token';
  token?: ApiToken;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Audit action name; every call of a route with one is written to the audit log (claim data access). */
    audit?: string;
    /** The body is an uploaded file (raw bytes or multipart): documented as such in the OpenAPI document. */
    upload?: boolean;
  }
  interface FastifyInstance {
    /** Every route registered, with who may call it and its audit action (tests sweep these). */
    drugclaimRoutes: RouteInfo[];
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** Non-PHI identifiers the handler adds to its audit entry (ids, counts, file digests). */
    auditResource: string | null;
    /**
     * The owner of a real API token that was refused (revoked, expired, owner disabled): the audit row names who
     * tried instead of "anonymous".
     */
    refusedToken: { user: User; token: ApiToken; reason: 'revoked' | 'expired' | 'disabled' } | null;
    /** Write this call's audit row even when it is refused without an identity (a failed sign-in names its account). */
    auditEach: boolean;
    /** The user a call signed in as (sign-in has no principal yet): its audit row names them. */
    auditUser: User | null;
    /** This call's audit row is written (or was tried): the 503 that replaces an answer is not audited again. */
    auditDone: boolean;
    /**
     * The client's address as it was when the request came in: `request.ip` reads the socket, which has none left
     * once the client has gone, and the audit row of a call left by its client still names where it came from.
     */
    clientAddress: string | null;
  }
}

export interface RouteInfo {
  method: string;
  url: string;
  access: Access;
  audit: string | undefined;
  hidden: boolean;
  hasBody: boolean;
  hasQuery: boolean;
  hasParams: boolean;
  upload: boolean;
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface AppConfig {
  /** Reference lookups (codes, search, NDC, guides, units, fact check) without signing in. Default true. */
  publicReference: boolean;
  /** Requests per identity (API token, user, or client address when anonymous) per window. */
  rateLimit: { max: number; timeWindowMs: number };
  /** Login attempts per client address per window (whoever the caller is: API tokens do not add budget). */
  loginRateLimit: { max: number; timeWindowMs: number };
  /** Wrong passwords per account name (sign-in and password change) before a lockout that doubles. */
  loginLockout: LoginLockoutConfig;
  /**
   * `POST /api/factcheck` without signing in (public reference): calls per client address per window, and the
   * longest text (signed-in users: 200,000 characters, the per-identity limit only). Each call costs CPU in
   * proportion to the text.
   */
  publicFactCheck: { max: number; timeWindowMs: number; maxText: number };
  /** Refused calls (no valid session or token) per client address per window; past it, 429. */
  refusedRateLimit: { max: number; timeWindowMs: number };
  /** Refused calls without an identity: one audit row per client address per this window, plus a count. */
  auditCollapseMs: number;
  /** Largest JSON body. */
  bodyLimitBytes: number;
  /** Largest uploaded claim/remittance file (check, import). */
  uploadLimitBytes: number;
  /**
   * Imports (claims, remittances) waiting behind the one running, each holding its upload in memory; one more is
   * answered 503 `import-queue-full`.
   */
  maxWaitingImports: number;
  /** A request not answered within this time is ended with 408/503 by the server. */
  requestTimeoutMs: number;
  /** `auto`: Secure cookies when the request came over HTTPS (set trustProxy behind a TLS proxy). */
  secureCookies: boolean | 'auto';
  /**
   * Whose X-Forwarded-For / -Proto to believe (Fastify's `trustProxy`): false (nobody), or the proxies' addresses or
   * CIDRs ("127.0.0.1", "10.0.0.0/8,::1", "loopback"). `true` (every hop) lets any client pick its own address:
   * `drugclaim serve` never passes it.
   */
  trustProxy: boolean | string;
  /** Check each JSON answer against its documented schema (tests; costs time). */
  validateResponses: boolean;
  /** One log line per request (method, route pattern, status, time; never query strings or bodies). */
  logRequests: boolean;
}

export const DEFAULT_CONFIG: AppConfig = {
  publicReference: true,
  rateLimit: { max: 1200, timeWindowMs: 60_000 },
  loginRateLimit: { max: 10, timeWindowMs: 60_000 },
  loginLockout: DEFAULT_LOGIN_LOCKOUT,
  publicFactCheck: { max: 20, timeWindowMs: 60_000, maxText: 20_000 },
  refusedRateLimit: { max: 120, timeWindowMs: 60_000 },
  auditCollapseMs: 60_000,
  bodyLimitBytes: 1024 * 1024,
  uploadLimitBytes: 50 * 1024 * 1024,
  maxWaitingImports: 4,
  requestTimeoutMs: 120_000,
  secureCookies: 'auto',
  trustProxy: false,
  validateResponses: false,
  logRequests: true,
};

/** Reference data now, or nothing yet (an empty store): routes that need it answer 503 with how to load it. */
export type ReferenceSource = ReferenceData | (() => ReferenceData | undefined);

export interface RouteContext {
  config: AppConfig;
  accounts: AccountStore;
  /** Wrong passwords per account name (sign-in, password change). */
  loginGuard: LoginGuard;
  /** The reference data, or an HttpError 503 that says how to load it. */
  reference(): ReferenceData;
  /** The reference data when the store has some. */
  referenceIfLoaded(): ReferenceData | undefined;
  /** Can this process do its work now (GET /api/ready): the store's checks and the reference data's. */
  readiness(): ReadinessCheck[];
  /** Payer rules files (rules/payers by default), loaded once; invalid files are left out and listed. */
  rules(): LoadedRules;
  version: string;
}

/**
 * A test app: the real reference data (in memory), an in-memory SQLite store with one user per role and an API
 * token for each, and helpers to call routes as someone. No socket: everything goes through `app.inject`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { openDatabase } from '../../src/adapters/store/database.ts';
import { AccountStore, type Role } from '../../src/adapters/store/accounts/index.ts';
import { buildApp, type AppDeps } from '../../src/adapters/http/app.ts';
import type { App, AppConfig } from '../../src/adapters/http/context.ts';
import { SESSION_COOKIE } from '../../src/adapters/http/auth.ts';
import { RecoverySession } from '../../src/adapters/store/recovery/session.ts';
import { RecoveryStore } from '../../src/adapters/store/recovery/store.ts';
import { sharedReference } from '../support/reference.ts';
import { x12SamplesDir } from '../support/shared.ts';

/** The LFH drug sample 837P (J1550 with an NDC; interchange 000000907, test data), as its bytes read as Latin-1. */
export const lfhDrugSample = (): string =>
  readFileSync(join(x12SamplesDir(), '837P_lfh_drug-example10-1_J1550-ndc.837'), 'latin1');

/**
 * The same claim moved to 2026 and billed as J9173 75 units (Imfinzi), a single-dose drug line without JW/JZ: one
 * fix (add JZ) to offer.
 */
export const imfinziSample = (): string =>
  lfhDrugSample()
    .replaceAll('20040711', '20260115')
    .replace('SV1*HC:J1550*53.37*UN*1.00', 'SV1*HC:J9173*6470.25*UN*75')
    .replace('00026063512', '00310450012')
    .replace('CLM*CLMNO12345*103.37', 'CLM*CLMNO12345*6520.25')
    .replace('CTP****10.00*ML', 'CTP****15*ML');

export const PASSWORD = 'correct horse battery staple';

export interface TestApp {
  app: App;
  accounts: AccountStore;
  recovery: RecoverySession;
  tokens: Record<Role, string>;
  logs: string[];
  /** Calls a route with a role's API token (or none). */
  as(role: Role | null, options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Signs in with a password: the session cookie and a CSRF token (with its cookie) for unsafe requests. */
  login(role: Role): Promise<{ cookie: string; csrf: string }>;
  close(): Promise<void>;
}

/** Cookie header from a response's set-cookie headers, merged with earlier cookies. */
export function cookiesFrom(res: LightMyRequestResponse, previous = ''): string {
  const jar = new Map<string, string>();
  for (const part of previous
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [k, ...v] = part.split('=');
    if (k) jar.set(k, v.join('='));
  }
  for (const c of res.cookies) {
    if (c.value === '' || (c.maxAge !== undefined && c.maxAge <= 0)) jar.delete(c.name);
    else jar.set(c.name, c.value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

export async function testApp(
  options: { config?: Partial<AppConfig>; deps?: Partial<AppDeps> } = {},
): Promise<TestApp> {
  const reference = await sharedReference();
  const db = openDatabase(':memory:');
  // Cheaper scrypt in tests (the default N = 2^15 is tested in the accounts store's own tests).
  const accounts = new AccountStore(db, { scrypt: { logN: 12, r: 8, p: 1 } });
  const tokens = {} as Record<Role, string>;
  for (const role of ['viewer', 'biller', 'admin'] as const) {
    const user = await accounts.createUser({ username: role, role, password: PASSWORD });
    tokens[role] = accounts.createToken(user.id, `${role} test token`).token;
  }
  // One database for the accounts and the recovery store, as the server has (one file): an import's audit rows, written
  // by the recovery store, land in the `audit_log` that /api/audit reads.
  const opened = RecoverySession.open({ store: new RecoveryStore(db), reference: async () => reference });
  if (!opened.ok)
    throw new Error(`recovery rules rejected: ${opened.problems.map((p) => p.message).join('; ')}`);
  const recovery = opened.value;
  const logs: string[] = [];
  const app = await buildApp({
    reference,
    accounts,
    recovery,
    logger: { level: 'info', stream: { write: (line: string) => logs.push(line) } },
    webRoot: null,
    ...options.deps,
    config: { validateResponses: true, ...options.config },
  });
  await app.ready();
  return {
    app,
    accounts,
    recovery,
    tokens,
    logs,
    as(role, request) {
      const headers = {
        ...(request.headers ?? {}),
        ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}),
      };
      return app.inject({ ...request, headers });
    },
    async login(role) {
      const csrfRes = await app.inject({ method: 'GET', url: '/api/auth/csrf' });
      const csrf = (csrfRes.json() as { token: string }).token;
      let cookie = cookiesFrom(csrfRes);
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { cookie, 'x-csrf-token': csrf },
        payload: { username: role, password: PASSWORD },
      });
      if (res.statusCode !== 200) throw new Error(`login as ${role} failed: ${res.statusCode} ${res.body}`);
      cookie = cookiesFrom(res, cookie);
      if (!cookie.includes(SESSION_COOKIE)) throw new Error('no session cookie after login');
      return { cookie, csrf };
    },
    async close() {
      await app.close();
      recovery.close();
      db.close();
    },
  };
}

/** A multipart/form-data body with file parts named "file". */
export function multipart(files: { name: string; content: string | Uint8Array }[]): {
  payload: Buffer;
  headers: Record<string, string>;
} {
  const boundary = `----drugclaim${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.from(f.content),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

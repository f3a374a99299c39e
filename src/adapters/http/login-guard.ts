/**
 * Failed password checks (sign-in and password change), counted so that guessing is slow but nobody can lock the
 * real user out: a lockout per account name alone let anyone lock any known account, the only admin included, with
 * one wrong password every 15 minutes.
 *
 * - Per (account name, client address): after `freeFailures` wrong passwords the pair is locked for `lockMs`, then
 *   twice as long after each further failure, up to `maxLockMs`. Another address (the real user's workstation) is
 *   not locked by it. A success clears the pair; so does an hour without failures.
 * - Per account name, from every address together: past `accountFreeFailures` failures (many addresses guessing
 *   one account), the account takes at most one attempt per `accountSpacingMs` (a slow-down, never a lock), except
 *   from addresses that signed in to it successfully before (kept `TRUST_MS`), which are not slowed.
 * - An admin clears both (`POST /api/users/:id/unlock`, `drugclaim user unlock NAME`): `clear`, or `clearedAt` with
 *   the time the CLI stored.
 *
 * Names that are no account are counted the same way, so a 429 says nothing about which names exist. Kept in memory
 * (one server process): a restart forgets the counts, which only gives an attacker the first few guesses again.
 *
 * @see OWASP Authentication Cheat Sheet, "Protect against automated attacks" (lockout per account and source,
 *   backoff, device cookies against lockout abuse).
 */

export interface LoginLockoutConfig {
  /** Wrong passwords allowed per (account name, address) before that pair is locked. */
  freeFailures: number;
  /** First lockout of a pair; each further failure doubles it. */
  lockMs: number;
  /** Longest lockout of a pair. */
  maxLockMs: number;
  /** Wrong passwords per account name from all addresses together (within an hour) before the slow-down. */
  accountFreeFailures: number;
  /** Past `accountFreeFailures`, one attempt per this long for that account (addresses it signed in from before excepted). */
  accountSpacingMs: number;
}

export const DEFAULT_LOGIN_LOCKOUT: LoginLockoutConfig = {
  freeFailures: 5,
  lockMs: 60_000,
  maxLockMs: 15 * 60_000,
  accountFreeFailures: 100,
  accountSpacingMs: 5_000,
};

interface Entry {
  failures: number;
  lastAt: number;
  lockedUntil: number;
}

/** A name (or pair) without failures for this long starts again from zero. */
const FORGET_AFTER_MS = 60 * 60_000;
/** How long an address that signed in successfully is spared the account-wide slow-down. */
const TRUST_MS = 30 * 24 * 3600_000;
/** Bound on the entries remembered (a flood of made-up names or addresses must not grow memory without end). */
const MAX_ENTRIES = 20_000;

export class LoginGuard {
  readonly #config: LoginLockoutConfig;
  readonly #now: () => number;
  /** Per (name, address), key `name\0address`. */
  readonly #pairs = new Map<string, Entry>();
  /** Per name, every address together. */
  readonly #accounts = new Map<string, Entry>();
  /** `name\0address` → when it last signed in successfully. */
  readonly #trusted = new Map<string, number>();
  /** Per name, the last admin clearance applied (`clearedAt`). */
  readonly #cleared = new Map<string, number>();

  constructor(config: LoginLockoutConfig = DEFAULT_LOGIN_LOCKOUT, now: () => number = Date.now) {
    this.#config = config;
    this.#now = now;
  }

  /** The same key for "Alice" and "alice" (user names are unique without case). */
  static key(username: string): string {
    return username.normalize('NFKC').toLowerCase();
  }

  /** Milliseconds this name must wait before trying from this address; 0 when it may try now. */
  lockedFor(username: string, address: string): number {
    const name = LoginGuard.key(username);
    const now = this.#now();
    const pair = live(this.#pairs, `${name}\0${address}`, now);
    const account = this.#isTrusted(name, address, now) ? undefined : live(this.#accounts, name, now);
    return Math.max(0, (pair?.lockedUntil ?? 0) - now, (account?.lockedUntil ?? 0) - now);
  }

  /** Records a wrong password; returns the wait it starts for this name and address (0 while failures are free). */
  fail(username: string, address: string): number {
    const name = LoginGuard.key(username);
    const now = this.#now();
    const pair = this.#bump(this.#pairs, `${name}\0${address}`, now);
    const over = pair.failures - this.#config.freeFailures;
    pair.lockedUntil =
      over < 0 ? 0 : now + Math.min(this.#config.lockMs * 2 ** Math.min(over, 20), this.#config.maxLockMs);
    const account = this.#bump(this.#accounts, name, now);
    account.lockedUntil =
      account.failures > this.#config.accountFreeFailures ? now + this.#config.accountSpacingMs : 0;
    return this.lockedFor(username, address);
  }

  /**
   * A right password: the pair starts again, and the address is spared the account-wide slow-down from now on.
   * The failure `fail` counted before the password was checked (guarded sign-ins count first, so that parallel tries
   * cannot all slip under the limit) is taken back from the account too: sign-ins that succeed never slow it down.
   */
  succeed(username: string, address: string): void {
    const name = LoginGuard.key(username);
    const key = `${name}\0${address}`;
    const account = live(this.#accounts, name, this.#now());
    if (account !== undefined) {
      account.failures = Math.max(0, account.failures - 1);
      if (account.failures <= this.#config.accountFreeFailures) account.lockedUntil = 0;
    }
    this.#pairs.delete(key);
    this.#trusted.delete(key);
    if (this.#trusted.size >= MAX_ENTRIES) this.#trusted.delete(this.#trusted.keys().next().value as string);
    this.#trusted.set(key, this.#now());
  }

  /** An admin unlock: every count and lock of this name goes. */
  clear(username: string): void {
    const name = LoginGuard.key(username);
    this.#accounts.delete(name);
    const prefix = `${name}\0`;
    for (const key of this.#pairs.keys()) if (key.startsWith(prefix)) this.#pairs.delete(key);
  }

  /** An unlock stored at `atMs` (by the CLI, in another process): applied once, to failures from before it. */
  clearedAt(username: string, atMs: number): void {
    const name = LoginGuard.key(username);
    if ((this.#cleared.get(name) ?? -Infinity) >= atMs) return;
    this.#cleared.set(name, atMs);
    if (this.#cleared.size > MAX_ENTRIES) this.#cleared.delete(this.#cleared.keys().next().value as string);
    this.clear(username);
  }

  #isTrusted(name: string, address: string, now: number): boolean {
    const at = this.#trusted.get(`${name}\0${address}`);
    return at !== undefined && now - at < TRUST_MS;
  }

  #bump(map: Map<string, Entry>, key: string, now: number): Entry {
    const entry = live(map, key, now) ?? { failures: 0, lastAt: now, lockedUntil: 0 };
    entry.failures++;
    entry.lastAt = now;
    // Re-inserted so the map's order is least recently failed first: the oldest go when it is full.
    map.delete(key);
    if (map.size >= MAX_ENTRIES) {
      const oldest = map.keys().next().value;
      if (oldest !== undefined) map.delete(oldest);
    }
    map.set(key, entry);
    return entry;
  }
}

/** The entry, unless an hour without failures (and no lock running) has made it forgotten. */
function live(map: Map<string, Entry>, key: string, now: number): Entry | undefined {
  const entry = map.get(key);
  if (entry && now - entry.lastAt > FORGET_AFTER_MS && entry.lockedUntil <= now) {
    map.delete(key);
    return undefined;
  }
  return entry;
}

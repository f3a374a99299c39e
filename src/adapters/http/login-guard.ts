/**
 * Failed password checks per account (sign-in and password change), with a lockout that doubles: the per-address
 * rate limit alone lets anyone with many addresses, or many API tokens, guess one account's password without end.
 *
 * After `freeFailures` wrong passwords for an account name, that name is locked for `lockMs`, then twice as long
 * after each further failure, up to `maxLockMs`. A success clears the count; so does an hour without failures. Names
 * that are no account are counted the same way, so a lockout says nothing about which names exist. Kept in memory
 * (one server process): a restart forgets the counts, which only gives an attacker the first few guesses again.
 *
 * @see OWASP Authentication Cheat Sheet, "Protect against automated attacks" (account lockout with backoff).
 */

export interface LoginLockoutConfig {
  /** Wrong passwords allowed before the account name is locked. */
  freeFailures: number;
  /** First lockout; each further failure doubles it. */
  lockMs: number;
  /** Longest lockout. */
  maxLockMs: number;
}

export const DEFAULT_LOGIN_LOCKOUT: LoginLockoutConfig = {
  freeFailures: 5,
  lockMs: 60_000,
  maxLockMs: 15 * 60_000,
};

interface Entry {
  failures: number;
  lastAt: number;
  lockedUntil: number;
}

/** A name without failures for this long starts again from zero. */
const FORGET_AFTER_MS = 60 * 60_000;
/** Bound on the names remembered (a flood of made-up names must not grow memory without end). */
const MAX_ENTRIES = 20_000;

export class LoginGuard {
  readonly #config: LoginLockoutConfig;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();

  constructor(config: LoginLockoutConfig = DEFAULT_LOGIN_LOCKOUT, now: () => number = Date.now) {
    this.#config = config;
    this.#now = now;
  }

  /** The same key for "Alice" and "alice" (user names are unique without case). */
  static key(username: string): string {
    return username.normalize('NFKC').toLowerCase();
  }

  /** Milliseconds left of this name's lockout; 0 when it may try. */
  lockedFor(username: string): number {
    const entry = this.#live(LoginGuard.key(username));
    return entry ? Math.max(0, entry.lockedUntil - this.#now()) : 0;
  }

  /** Records a wrong password; returns the lockout it starts (0 while failures are still free). */
  fail(username: string): number {
    const key = LoginGuard.key(username);
    const now = this.#now();
    const entry = this.#live(key) ?? { failures: 0, lastAt: now, lockedUntil: 0 };
    entry.failures++;
    entry.lastAt = now;
    const over = entry.failures - this.#config.freeFailures;
    const lock =
      over < 0 ? 0 : Math.min(this.#config.lockMs * 2 ** Math.min(over, 20), this.#config.maxLockMs);
    entry.lockedUntil = now + lock;
    // Re-inserted so the map's order is least recently failed first: the oldest go when it is full.
    this.#entries.delete(key);
    if (this.#entries.size >= MAX_ENTRIES) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, entry);
    return lock;
  }

  succeed(username: string): void {
    this.#entries.delete(LoginGuard.key(username));
  }

  #live(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry && this.#now() - entry.lastAt > FORGET_AFTER_MS && entry.lockedUntil <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }
}

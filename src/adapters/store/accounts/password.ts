/**
 * Password hashing with scrypt (node:crypto), a memory-hard function: each guess costs 128·N·r bytes of memory
 * (32 MiB at the defaults) as well as CPU, which makes GPU/ASIC guessing of a stolen hash far dearer than with a
 * fast hash. Parameters are stored with each hash, so they can be raised later without breaking old hashes
 * (`needsRehash` tells the caller to re-hash on the next successful login).
 *
 * @see RFC 7914 (scrypt); OWASP Password Storage Cheat Sheet (scrypt: N ≥ 2^15 with r = 8, p = 1 … 2^17).
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  logN: number;
  r: number;
  p: number;
}

/** N = 2^15, r = 8, p = 1: 32 MiB and about 0.1 s per hash on the machines here. */
export const DEFAULT_SCRYPT: ScryptParams = { logN: 15, r: 8, p: 1 };

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.logN;
  // Node refuses when 128·N·r reaches maxmem; leave headroom.
  const maxmem = 256 * N * params.r + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFKC'),
      salt,
      KEY_LENGTH,
      { N, r: params.r, p: params.p, maxmem },
      (err, key) => {
        if (err) reject(err);
        else resolve(key);
      },
    );
  });
}

/** Encodes as `scrypt$<logN>$<r>$<p>$<salt b64url>$<key b64url>`. */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, params);
  return [
    'scrypt',
    params.logN,
    params.r,
    params.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

function parse(encoded: string): { params: ScryptParams; salt: Buffer; key: Buffer } | undefined {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [logN, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![logN, r, p].every((n) => Number.isInteger(n) && n > 0) || logN > 22) return undefined;
  return {
    params: { logN, r, p },
    salt: Buffer.from(parts[4] ?? '', 'base64url'),
    key: Buffer.from(parts[5] ?? '', 'base64url'),
  };
}

/** Constant-time comparison of the derived key. A malformed stored hash never matches. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parse(encoded);
  if (!parsed || parsed.key.length !== KEY_LENGTH) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

export function needsRehash(encoded: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parse(encoded);
  return (
    !parsed || parsed.params.logN < params.logN || parsed.params.r < params.r || parsed.params.p < params.p
  );
}

let dummy: Promise<string> | undefined;
/** Spends the same time as a real verification, so a login for an unknown user does not answer faster. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hashPassword('drugclaim-dummy-password');
  await verifyPassword(password, await dummy);
  return false;
}

/** Rules for a new password; returns the reason it is refused, or undefined. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 12) return 'Password must be at least 12 characters long.';
  if (password.length > 1024) return 'Password must be at most 1024 characters long.';
  if (/^(.)\1*$/u.test(password)) return 'Password must not be a single repeated character.';
  return undefined;
}

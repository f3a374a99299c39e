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

/**
 * Passwords people pick first, written for this product (at least 12 characters, since shorter ones are refused
 * anyway). Compared without case, spaces or punctuation.
 */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  'password1234',
  'password12345',
  'password123456',
  'passwordpassword',
  'passw0rd1234',
  'p4ssw0rd1234',
  'qwerty123456',
  'qwertyuiop12',
  'qwertyuiop123',
  'qwertyqwerty',
  'asdfghjkl123',
  'asdfasdfasdf',
  'zxcvbnm12345',
  '1qaz2wsx3edc',
  '1q2w3e4r5t6y',
  'q1w2e3r4t5y6',
  'iloveyou1234',
  'letmein12345',
  'welcome12345',
  'welcome123456',
  'changeme1234',
  'changeme12345',
  'administrator',
  'administrator1',
  'admin1234567',
  'adminadmin12',
  'abc123abc123',
  'trustno11234',
  'monkey123456',
  'dragon123456',
  'sunshine1234',
  'football1234',
  'baseball1234',
  'superman1234',
  'princess1234',
  'starwars1234',
  'master123456',
  'hello1234567',
  'secret123456',
  'mypassword12',
  'mypassword123',
  'thisismypassword',
  'correcthorse',
  'drugclaim123',
  'drugclaim1234',
  'medicare1234',
  'hospital1234',
  'pharmacy1234',
]);

/**
 * Words a password is often built from by adding digits or symbols at the end ("Summer2024!!", "Welcome#2026"): a
 * password that is one of these, or one of these followed by digits and symbols only, is refused.
 */
const COMMON_STEMS: readonly string[] = [
  'password',
  'passw0rd',
  'p4ssw0rd',
  'qwerty',
  'qwertyuiop',
  'asdfgh',
  'asdfghjkl',
  'letmein',
  'welcome',
  'changeme',
  'iloveyou',
  'admin',
  'administrator',
  'monkey',
  'dragon',
  'sunshine',
  'football',
  'baseball',
  'superman',
  'princess',
  'master',
  'secret',
  'summer',
  'winter',
  'spring',
  'autumn',
  'january',
  'december',
  'drugclaim',
  'medicare',
  'medicaid',
  'hospital',
  'pharmacy',
  'billing',
];

/** Runs along the alphabet, the digits or a keyboard row ("abcdefghijkl", "987654321098", "qwertyuiopas"). */
const SEQUENCES = ['abcdefghijklmnopqrstuvwxyz', '01234567890123456789', 'qwertyuiopasdfghjklzxcvbnm'];

function isSequence(text: string): boolean {
  if (text.length < 6) return false;
  return SEQUENCES.some((seq) => {
    const twice = seq + seq;
    const reversed = [...twice].reverse().join('');
    // Doubled so that a run wrapping around the end ("yz…ab", "890123…") is found too.
    return twice.includes(text) || reversed.includes(text);
  });
}

/**
 * Rules for a new password; returns the reason it is refused, or undefined. Length is what matters most (NIST SP
 * 800-63B §3.1.1.2: at least 8, and a list of common or compromised values); 12 is asked here because the
 * accounts guard PHI. Passwords containing the user name are refused when `username` is given.
 *
 * @see NIST SP 800-63B rev. 4, section 3.1.1.2 (password verifiers: blocklist, no composition rules).
 */
export function passwordProblem(password: string, username?: string): string | undefined {
  if (password.length < 12) return 'Password must be at least 12 characters long.';
  if (password.length > 1024) return 'Password must be at most 1024 characters long.';
  if (/^(.)\1*$/u.test(password)) return 'Password must not be a single repeated character.';
  if (/^[0-9\s]+$/.test(password))
    return 'Password must not be digits only: use a few unrelated words instead.';
  const folded = password.normalize('NFKC').toLowerCase();
  const name = username?.normalize('NFKC').toLowerCase();
  if (name !== undefined && name.length >= 3 && folded.includes(name))
    return 'Password must not contain the user name.';
  const letters = folded.replace(/[^\p{L}\p{N}]+/gu, '');
  if (COMMON_PASSWORDS.has(letters))
    return 'This password is one of the most common ones and is guessed first: pick another (a few unrelated words work well).';
  const stem = folded.replace(/[^\p{L}]+$/u, '').replace(/[^\p{L}\p{N}]+/gu, '');
  if (COMMON_STEMS.includes(stem))
    return 'This password is a common word with digits or symbols added, which is guessed first: pick another (a few unrelated words work well).';
  if (isSequence(letters))
    return 'Password must not be a run of the alphabet, the digits or a keyboard row: pick another.';
  return undefined;
}

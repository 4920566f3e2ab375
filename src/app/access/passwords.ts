/**
 * Password hashing with scrypt (Node's crypto, memory-hard; no native add-on to build). Stored as
 * `scrypt$N$r$p$salt$key` (salt and key in base64), so the cost can be raised later and old hashes
 * still verify.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

const COST = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 64;

function derive(password: string, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 128 * o.N * o.r * 2 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** The problems with a new password, in words; empty when it will do. */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH)
    problems.push(`Password must be at least ${PASSWORD_MIN_LENGTH} characters long.`);
  if (password.length > PASSWORD_MAX_LENGTH)
    problems.push(`Password must be ${PASSWORD_MAX_LENGTH} characters or fewer.`);
  if (password.trim().length === 0 && password.length > 0) problems.push('Password cannot be only spaces.');
  return problems;
}

/** The 49,000 most common passwords (from @zxcvbn-ts/language-common), loaded with the first check. */
let common: Promise<Set<string>> | undefined;
function commonPasswords(): Promise<Set<string>> {
  common ??= import('@zxcvbn-ts/language-common').then(
    (m) => new Set((m.dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase())),
  );
  return common;
}

const LEET: Record<string, string> = {
  '@': 'a',
  '4': 'a',
  '0': 'o',
  '1': 'i',
  '!': 'i',
  '3': 'e',
  $: 's',
  '5': 's',
  '7': 't',
};
const ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'abcdefghijklmnopqrstuvwxyz'];

/** A run of the same few characters, or along a keyboard row or the alphabet (either way). */
function isSimplePattern(lower: string): boolean {
  const compact = lower.replace(/\s+/g, '');
  for (let unit = 1; unit <= 4; unit++)
    if (
      compact.length >= unit * 3 &&
      compact ===
        compact
          .slice(0, unit)
          .repeat(Math.ceil(compact.length / unit))
          .slice(0, compact.length)
    )
      return true;
  for (const row of ROWS) {
    const ring = row.repeat(3);
    const back = [...ring].reverse().join('');
    if (ring.includes(compact) || back.includes(compact)) return true;
  }
  return false;
}

/**
 * Everything wrong with a new password, in words; empty when it will do: its length, and that it is
 * not a common or breached one (a shipped list of 49,000, also with the usual letter swaps and
 * numbers or symbols added at either end), not a simple pattern, and not the person's own name or email.
 */
export async function newPasswordProblems(
  password: string,
  person: { email?: string | null; name?: string | null } = {},
): Promise<string[]> {
  const problems = passwordProblems(password);
  if (problems.length) return problems;
  const lower = password.normalize('NFC').toLowerCase();
  const list = await commonPasswords();
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
  const unleet = [...lower].map((c) => LEET[c] ?? c).join('');
  const unleetCore = unleet.replace(/^[^a-z]+|[^a-z]+$/g, '');
  if ([lower, lower.replace(/\s+/g, ''), core, unleet, unleetCore].some((p) => p.length >= 4 && list.has(p)))
    problems.push(
      'That password is one of the most common, so it is easy to guess. Choose another: three or four random words work well.',
    );
  else if (isSimplePattern(lower))
    problems.push(
      'That password is a simple pattern (a repeat or a run along the keyboard). Choose another: three or four random words work well.',
    );
  const own = [
    ...(person.email ?? '')
      .toLowerCase()
      .split('@')[0]!
      .split(/[^a-z0-9]+/),
    (person.email ?? '').toLowerCase().split('@')[0]!,
    ...(person.name ?? '').toLowerCase().split(/[^a-z]+/),
  ].filter((t) => t.length >= 4);
  if (own.some((t) => lower.includes(t)))
    problems.push('The password must not contain your name or email address.');
  return problems;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Checks a password against a stored hash in constant time; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  if (password.length > PASSWORD_MAX_LENGTH) return false;
  const actual = await derive(password, Buffer.from(salt, 'base64'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A real hash of a random password: verifying against it costs what a real check costs. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(24).toString('base64'));
  return dummy;
}

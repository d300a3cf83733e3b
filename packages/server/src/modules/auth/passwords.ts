import { randomBytes, scrypt as scryptCb, timingSafeEqual, createHash } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, keylen: number, opts: object) => Promise<Buffer>;
/** scrypt cost N=2^17, r=8, p=1 (OWASP's current minimum); config PIPEWISE_PASSWORD_N lowers it for tests only. */
export const defaultPasswordN = 2 ** 17;
const blockSize = 8;
const parallelism = 1;
// scrypt needs 128*N*r*p bytes; the default maxmem (32 MiB) would refuse N=2^17, so allow that plus headroom.
const optionsFor = (N: number) => ({
  N,
  r: blockSize,
  p: parallelism,
  maxmem: 128 * N * blockSize * parallelism + 32 * 1024 * 1024,
});

/** Stored as `scrypt$N$salt$key`: N travels with the hash, so raising it later still verifies old hashes. */
export async function hashPassword(password: string, N: number = defaultPasswordN): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, optionsFor(N));
  return `scrypt$${N}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** The N a stored hash was made with (0 when it is not an scrypt hash, e.g. an imported user's '!'). */
export function storedCost(stored: string): number {
  const [scheme, n] = stored.split('$');
  return scheme === 'scrypt' && n && /^\d+$/.test(n) ? Number(n) : 0;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, salt, key] = stored.split('$');
  const N = storedCost(stored);
  if (scheme !== 'scrypt' || !n || !salt || !key || N < 2 || N > 2 ** 20) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, optionsFor(N));
  return timingSafeEqual(actual, expected);
}

/** Hashing at one configured cost, plus the dummy check that makes unknown emails cost as much as known ones. */
export function createPasswords(N: number = defaultPasswordN) {
  let dummy: Promise<string> | undefined;
  return {
    N,
    hash: (password: string) => hashPassword(password, N),
    verify: verifyPassword,
    /** The same scrypt work as a real check, against a hash no password matches; always false. */
    async verifyUnknown(password: string): Promise<false> {
      dummy ??= hashPassword(randomToken(), N);
      await verifyPassword(password, await dummy);
      return false;
    },
    needsRehash: (stored: string) => storedCost(stored) < N,
  };
}
export type Passwords = ReturnType<typeof createPasswords>;

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config';
import type { Logger } from './logger';
import { AppError } from './errors';

/** Encrypts short secrets (mailbox passwords) with AES-256-GCM and signs public links with HMAC-SHA256. */
export type SecretBox = {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  sign(payload: string): string;
  verify(payload: string, signature: string): boolean;
};

const FORMAT = 'v1';

/**
 * The key is resolved on first use, so an instance that never stores a secret never needs one:
 * PIPEWISE_SECRET when set; otherwise, on PGlite, a random key generated once into `<data folder>/secret.key`
 * (with a warning to back it up). On PostgreSQL several processes on several machines share the database, so a
 * key in one machine's folder would not do: there PIPEWISE_SECRET is required (decision 0180).
 */
export function createSecretBox(
  config: Pick<Config, 'PIPEWISE_SECRET' | 'databaseKind' | 'dataDir'>,
  logger: Logger,
): SecretBox {
  let key: Buffer | null = null;
  const resolveKey = () => {
    if (key) return key;
    if (config.PIPEWISE_SECRET) {
      key = createHash('sha256').update(config.PIPEWISE_SECRET).digest();
      return key;
    }
    if (config.databaseKind === 'postgres') {
      throw new AppError(
        'bad_request',
        'Set PIPEWISE_SECRET (at least 16 characters) to store mailbox passwords when using PostgreSQL',
        { field: 'PIPEWISE_SECRET' },
      );
    }
    const file = path.join(config.dataDir, 'secret.key');
    if (!existsSync(file)) {
      mkdirSync(config.dataDir, { recursive: true });
      writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
      logger.warn(
        { file },
        'generated a secret key for mailbox passwords: back this file up with the data folder (or set PIPEWISE_SECRET)',
      );
    }
    key = createHash('sha256').update(readFileSync(file, 'utf8').trim()).digest();
    return key;
  };
  const keyId = (k: Buffer) => createHash('sha256').update(k).update('id').digest('hex').slice(0, 8);
  return {
    encrypt(plain) {
      const k = resolveKey();
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', k, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [
        FORMAT,
        keyId(k),
        iv.toString('base64'),
        cipher.getAuthTag().toString('base64'),
        body.toString('base64'),
      ].join(':');
    },
    decrypt(sealed) {
      const k = resolveKey();
      const [format, id, iv, tag, body] = sealed.split(':');
      if (format !== FORMAT || !iv || !tag || body === undefined)
        throw new AppError('internal', 'A stored secret is not in a known format');
      if (id !== keyId(k)) {
        throw new AppError(
          'bad_request',
          'This secret was encrypted with a different key: restore the previous PIPEWISE_SECRET (or secret.key), or enter the password again',
        );
      }
      const decipher = createDecipheriv('aes-256-gcm', k, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    },
    sign(payload) {
      return createHmac('sha256', resolveKey()).update(payload).digest('base64url');
    },
    verify(payload, signature) {
      const expected = Buffer.from(createHmac('sha256', resolveKey()).update(payload).digest('base64url'));
      const given = Buffer.from(signature);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}

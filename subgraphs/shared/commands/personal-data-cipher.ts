import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../../common/config-error';

/**
 * Personal information at rest (a complainant's name and phone): AES-256-GCM under a key from
 * configuration, the record's id bound in as associated data so a ciphertext cannot be moved to
 * another record. Keys rotate by `kid`: the first key of the file encrypts, any listed key decrypts.
 */
export interface PersonalDataCipher {
  readonly currentKid: string;
  encrypt(plaintext: string, recordId: string): string;
  decrypt(sealed: string, recordId: string): string;
  /** A keyed digest (for access codes), under a key derived from `kid` for that purpose only. */
  digest(purpose: string, kid: string, message: string): Buffer;
}

interface KeyEntry {
  kid: string;
  key: Buffer;
}

export function parsePersonalDataKeys(text: string, source: string): KeyEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError(source, 'a JSON file {"keys":[{"kid":"...","key":"<32 bytes, base64url>"}]}', 'unparseable JSON');
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new ConfigError(source, 'a JSON object with a non-empty "keys" array', parsed);
  return keys.map((entry: { kid?: unknown; key?: unknown }, i) => {
    const key = typeof entry.key === 'string' ? Buffer.from(entry.key, 'base64url') : Buffer.alloc(0);
    if (typeof entry.kid !== 'string' || !/^[\w.-]{1,64}$/.test(entry.kid) || key.length !== 32) {
      throw new ConfigError(`${source} keys[${i}]`, 'a "kid" of 1-64 word characters and a 32-byte base64url "key"', { kid: entry.kid ?? null });
    }
    return { kid: entry.kid, key };
  });
}

export function loadPersonalDataCipher(file: string): PersonalDataCipher {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError('PERSONAL_DATA_KEY_FILE', 'a readable key file', `${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  return createPersonalDataCipher(parsePersonalDataKeys(text, 'PERSONAL_DATA_KEY_FILE'));
}

export function generatePersonalDataKeyFile(kid: string): string {
  return `${JSON.stringify({ keys: [{ kid, key: randomBytes(32).toString('base64url') }] }, null, 2)}\n`;
}

export function createPersonalDataCipher(keys: readonly KeyEntry[]): PersonalDataCipher {
  const byKid = new Map(keys.map((k) => [k.kid, k.key]));
  const current = keys[0]!;
  const keyOf = (kid: string): Buffer => {
    const key = byKid.get(kid);
    if (!key) throw new Error(`personal-data key '${kid}' is not configured`);
    return key;
  };
  return {
    currentKid: current.kid,
    encrypt(plaintext, recordId) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      cipher.setAAD(Buffer.from(recordId));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', current.kid, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
    },
    decrypt(sealed, recordId) {
      const [version, kid, iv, body, tag] = sealed.split('.');
      if (version !== 'v1' || !kid || !iv || body === undefined || !tag) throw new Error('not a sealed personal-data value');
      const decipher = createDecipheriv('aes-256-gcm', keyOf(kid), Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(recordId));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
    digest(purpose, kid, message) {
      const derived = Buffer.from(hkdfSync('sha256', keyOf(kid), Buffer.alloc(0), Buffer.from(purpose), 32));
      return createHmac('sha256', derived).update(message).digest();
    },
  };
}

export function sameDigest(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../../common/config-error';
import { generatePersonalDataKeyFile, parsePersonalDataKeys } from '../commands/personal-data-cipher';
import type { CreditFactSheet } from './credit-fact';

/**
 * Seals an agency's credit facts for the credit subgraph alone. They travel through the gateway
 * (the planner fetches them for `@requires`) and through anyone who asks a subgraph directly, so
 * they are AES-256-GCM ciphertext under a key only the five subgraphs hold, bound to the agency
 * and the institution (associated data) and padded to a multiple of PAD_BYTES, so that neither
 * their content nor, within a bucket, their size tells anything about the records behind them.
 */
export interface FactSeal {
  seal(sheet: CreditFactSheet): string;
  /** The sheet, or null when the value was not sealed for this agency and institution, is stale or corrupt. */
  open(sealed: string, agency: string, uscc: string, now: Date): CreditFactSheet | null;
}

const VERSION = 'cf1';
const PAD_BYTES = 1024;
/** How old a sheet may be when it arrives: one query plan takes milliseconds, clocks are shared. */
export const MAX_SHEET_AGE_MS = 5 * 60_000;

function associatedData(agency: string, uscc: string): Buffer {
  return Buffer.from(`credit-facts|${agency}|${uscc}`);
}

export function createFactSeal(keys: readonly { kid: string; key: Buffer }[]): FactSeal {
  const byKid = new Map(keys.map((k) => [k.kid, k.key]));
  const current = keys[0]!;
  return {
    seal(sheet) {
      const json = Buffer.from(JSON.stringify(sheet));
      // Trailing spaces: JSON.parse ignores them.
      const padded = Buffer.concat([json, Buffer.alloc(PAD_BYTES - (json.length % PAD_BYTES), 0x20)]);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      cipher.setAAD(associatedData(sheet.agency, sheet.uscc));
      const body = Buffer.concat([cipher.update(padded), cipher.final()]);
      return [VERSION, current.kid, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
    },
    open(sealed, agency, uscc, now) {
      const [version, kid, iv, body, tag] = sealed.split('.');
      const key = kid ? byKid.get(kid) : undefined;
      if (version !== VERSION || !key || !iv || body === undefined || !tag) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(associatedData(agency, uscc));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        const sheet = JSON.parse(Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')) as CreditFactSheet;
        if (sheet.agency !== agency || sheet.uscc !== uscc || !Array.isArray(sheet.facts)) return null;
        const age = now.getTime() - Date.parse(sheet.issuedAt);
        if (!(age <= MAX_SHEET_AGE_MS && age >= -MAX_SHEET_AGE_MS)) return null;
        return sheet;
      } catch {
        return null;
      }
    },
  };
}

/** Reads CREDIT_FACTS_KEY_FILE (the personal-data key file's format: the first key seals, any listed key opens). */
export function loadFactSeal(file: string): FactSeal {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError('CREDIT_FACTS_KEY_FILE', 'a readable key file', `${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  return createFactSeal(parsePersonalDataKeys(text, 'CREDIT_FACTS_KEY_FILE'));
}

export const generateFactSealKeyFile = generatePersonalDataKeyFile;

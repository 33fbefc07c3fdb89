import type { PersonalDataCipher } from '../../shared/commands/personal-data-cipher';
import { boundedText } from '../../shared/commands/run-command';
import { badUserInput } from '../../shared/errors';

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;
const ACCESS_CODE_PURPOSE = 'complaint-access-code';
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** What the education subgraph keeps of a complainant: sealed values and the masks agencies see. */
export interface StoredComplainant {
  nameSealed: string;
  phoneSealed: string;
  nameMasked: string;
  phoneMasked: string;
}

export function checkComplainant(name: string, phone: string): { name: string; phone: string } {
  const trimmedName = boundedText(name, 'input.complainantName', 40, 1)!.trim();
  if (/\d/.test(trimmedName)) throw badUserInput('input.complainantName must not contain digits', { argument: 'input.complainantName' });
  const digits = phone.replace(/[\s]/g, '');
  if (!MOBILE.test(digits) && !LANDLINE.test(digits)) {
    throw badUserInput('input.complainantPhone must be a mainland mobile number (11 digits from 13-19) or a landline with its area code', { argument: 'input.complainantPhone' });
  }
  return { name: trimmedName, phone: digits };
}

export function maskName(name: string): string {
  const chars = [...name];
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

export function maskPhone(phone: string): string {
  return MOBILE.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : `${phone.slice(0, 4)}****${phone.slice(-2)}`;
}

export function sealComplainant(cipher: PersonalDataCipher, trackingNo: string, name: string, phone: string): StoredComplainant {
  return {
    nameSealed: cipher.encrypt(name, trackingNo),
    phoneSealed: cipher.encrypt(phone, trackingNo),
    nameMasked: maskName(name),
    phoneMasked: maskPhone(phone),
  };
}

/**
 * The access code is a keyed digest of the tracking number, so it is never stored and a replayed
 * submission can answer with the same code. 16 Crockford base-32 characters: 80 bits.
 */
export function accessCodeFor(cipher: PersonalDataCipher, kid: string, trackingNo: string): string {
  const digest = cipher.digest(ACCESS_CODE_PURPOSE, kid, trackingNo);
  let bits = 0n;
  for (const byte of digest.subarray(0, 10)) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let i = 0; i < 16; i += 1) code = CROCKFORD[Number(bits & 31n)] + code, bits >>= 5n;
  return code.match(/.{4}/g)!.join('-');
}

export function normalizeAccessCode(code: string): string {
  const cleaned = code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return cleaned.length === 16 ? cleaned.match(/.{4}/g)!.join('-') : '';
}

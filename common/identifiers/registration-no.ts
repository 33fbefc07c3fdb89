/**
 * Legacy business registration number (工商注册号, 《工商行政管理市场主体注册号编制规则》 GS15-2006):
 * 15 digits — the 6-digit GB/T 2260 code of the registering office, an 8-digit sequence, and a check
 * digit under ISO 7064 MOD 11,10 (hybrid system). Superseded by the USCC from 2015-10 but still sent by consumers.
 * Candidate for common/identifiers once another agency needs it.
 */

export const REGISTRATION_NO_LENGTH = 15;

export interface RegistrationNoProblem {
  code: 'LENGTH' | 'CHARSET' | 'CHECK_DIGIT';
  message: string;
}

/** ISO 7064 MOD 11,10 check digit over the first 14 digits. */
export function registrationNoCheckDigit(first14: string): string {
  if (!/^\d{14}$/.test(first14)) throw new RangeError('Registration number check digit needs exactly 14 digits');
  let product = 10;
  for (const char of first14) {
    const sum = (product + Number(char)) % 10;
    product = ((sum === 0 ? 10 : sum) * 2) % 11;
  }
  // The check digit c makes (product + c) mod 10 equal 1.
  return String((11 - product) % 10);
}

/**
 * The first problem with a legacy registration number, or null when it is valid. No
 * normalisation: callers trim if they want to.
 */
export function checkRegistrationNo(value: string): RegistrationNoProblem | null {
  const chars = Array.from(value);
  if (chars.length !== REGISTRATION_NO_LENGTH) {
    const hint = chars.length === 18 ? ' (this looks like a USCC; look it up by USCC instead)' : '';
    return {
      code: 'LENGTH',
      message: `registrationNo must be ${REGISTRATION_NO_LENGTH} digits, got ${chars.length} characters${hint}`,
    };
  }
  const bad = chars.findIndex((char) => char < '0' || char > '9');
  if (bad >= 0) {
    return {
      code: 'CHARSET',
      message: `registrationNo must contain only digits, got '${chars[bad]}' at position ${bad + 1}`,
    };
  }
  const expected = registrationNoCheckDigit(value.slice(0, 14));
  if (value.charAt(14) !== expected) {
    return {
      code: 'CHECK_DIGIT',
      message: `registrationNo check digit at position 15 should be '${expected}' (ISO 7064 MOD 11,10), got '${value.charAt(14)}'`,
    };
  }
  return null;
}

/** A valid number from the registering office's region code and an 8-digit sequence. */
export function makeRegistrationNo(region6: string, sequence8: string): string {
  if (!/^\d{6}$/.test(region6)) throw new RangeError(`Registration number region code must be 6 digits, got '${region6}'`);
  if (!/^\d{8}$/.test(sequence8)) throw new RangeError(`Registration number sequence must be 8 digits, got '${sequence8}'`);
  const first14 = `${region6}${sequence8}`;
  return `${first14}${registrationNoCheckDigit(first14)}`;
}

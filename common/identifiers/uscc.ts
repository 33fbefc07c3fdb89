/**
 * Unified Social Credit Code (统一社会信用代码), GB 32100-2015.
 *
 * Layout: authority (1) + category (1) + admin division (6) +
 * GB 11714 organisation code body (8) + its check (1) + mod-31 check (1).
 */

export type UsccProblem = {
  code:
    | 'LENGTH'
    | 'CHARSET'
    | 'AUTHORITY'
    | 'CATEGORY'
    | 'REGION'
    | 'ORG_CODE_CHECK'
    | 'CHECK_CHARACTER';
  message: string;
};

export const USCC_LENGTH = 18;

/** The 31 symbols; a symbol's value is its index. I, O, S, V and Z are excluded. */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * Registration authority (pos 1) -> allowed organisation categories (pos 2),
 * GB 32100-2015 表2 as amended by XG1-2016. Kept as data because the table has
 * already been amended once.
 */
export const USCC_AUTHORITIES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  '1': Object.freeze(['1', '2', '3', '9']),
  '2': Object.freeze(['1', '9']),
  '3': Object.freeze(['1', '2', '3', '4', '5', '9']),
  '4': Object.freeze(['1', '9']),
  '5': Object.freeze(['1', '2', '3', '9']),
  '6': Object.freeze(['1', '2', '9']),
  '7': Object.freeze(['1', '2', '9']),
  '8': Object.freeze(['1', '9']),
  '9': Object.freeze(['1', '2', '3']),
  A: Object.freeze(['1', '9']),
  N: Object.freeze(['1', '2', '3', '9']),
  Y: Object.freeze(['1']),
});

const EXCLUDED_LETTERS = 'IOSVZ';
const ORG_CODE_WEIGHTS: readonly number[] = [3, 7, 9, 10, 5, 8, 4, 2];
const ORG_CODE_BODY_PATTERN = /^[0-9A-Z]{8}$/;
const LEGACY_REGISTRATION_NUMBER_PATTERN = /^\d{15}$/;
const LEGACY_ORG_CODE_PATTERN = /^[0-9A-Z]{8}-?[0-9X]$/;

function usccValue(char: string): number {
  return char.length === 1 ? USCC_CHARSET.indexOf(char) : -1;
}

/** Quotes a character for an error message; invisible ones are shown as code points. */
function describeChar(char: string): string {
  const codePoint = char.codePointAt(0) ?? 0;
  if (/^[\p{L}\p{N}\p{P}\p{S}]$/u.test(char)) return `'${char}'`;
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

function charsetProblem(char: string, position: number): UsccProblem {
  const upper = char.toUpperCase();
  if (char !== upper && upper.length === 1 && usccValue(upper) >= 0) {
    return {
      code: 'CHARSET',
      message: `USCC character at position ${position} is lower-case ${describeChar(char)}, but only upper-case letters are allowed`,
    };
  }
  if (char.length === 1 && EXCLUDED_LETTERS.includes(char)) {
    return {
      code: 'CHARSET',
      message: `USCC character at position ${position} is '${char}', but the letters I, O, S, V and Z are never used in a USCC`,
    };
  }
  return {
    code: 'CHARSET',
    message: `USCC character at position ${position} is ${describeChar(char)}, which is not in the USCC character set (digits and upper-case letters except I, O, S, V, Z)`,
  };
}

function lengthProblem(value: string, length: number): UsccProblem {
  // Legacy identifiers are still sent by consumers; naming them saves a support round-trip.
  let hint = '';
  if (LEGACY_REGISTRATION_NUMBER_PATTERN.test(value)) {
    hint = ' (this looks like a legacy 15-digit business registration number, which is not a USCC)';
  } else if (LEGACY_ORG_CODE_PATTERN.test(value)) {
    hint = ' (this looks like a legacy organisation code, which is not a USCC)';
  }
  return { code: 'LENGTH', message: `USCC must be ${USCC_LENGTH} characters, got ${length}${hint}` };
}

/**
 * GB 11714 check character for an 8-character organisation code body.
 * Letters are valued on the full Latin alphabet (A=10 ... Z=35), not the
 * 31-symbol USCC alphabet, because GB 11714 predates the USCC.
 */
export function orgCodeCheckCharacter(body8: string): string {
  if (!ORG_CODE_BODY_PATTERN.test(body8)) {
    throw new RangeError('Organisation code body must be 8 digits or upper-case letters');
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    sum += Number.parseInt(body8.charAt(i), 36) * (ORG_CODE_WEIGHTS[i] ?? 0);
  }
  const check = 11 - (sum % 11);
  if (check === 10) return 'X';
  if (check === 11) return '0';
  return String(check);
}

/** Mod-31 check character (pos 18) over the first 17 characters. */
export function usccCheckCharacter(first17: string): string {
  if (first17.length !== USCC_LENGTH - 1) {
    throw new RangeError(`USCC check character needs exactly ${USCC_LENGTH - 1} characters, got ${first17.length}`);
  }
  let sum = 0;
  let weight = 1;
  for (let i = 0; i < first17.length; i++) {
    const value = usccValue(first17.charAt(i));
    if (value < 0) {
      throw new RangeError(charsetProblem(first17.charAt(i), i + 1).message);
    }
    sum += value * weight;
    weight = (weight * 3) % 31;
  }
  return USCC_CHARSET.charAt((31 - (sum % 31)) % 31);
}

function authorityProblem(authority: string, category: string): UsccProblem | null {
  const allowed = Object.hasOwn(USCC_AUTHORITIES, authority) ? USCC_AUTHORITIES[authority] : undefined;
  if (allowed === undefined) {
    return {
      code: 'AUTHORITY',
      message: `USCC registration authority code ${describeChar(authority)} at position 1 is not a known registration authority`,
    };
  }
  if (!allowed.includes(category)) {
    return {
      code: 'CATEGORY',
      message: `USCC organisation category ${describeChar(category)} at position 2 is not allowed for registration authority '${authority}' (allowed: ${allowed.join(', ')})`,
    };
  }
  return null;
}

/**
 * Returns the first problem found, checking in the order of the validation
 * levels (length, charset, authority/category, region, pos 17, pos 18), or
 * null when the code is valid. Does not normalise: callers trim if they want to.
 */
export function checkUscc(value: string): UsccProblem | null {
  // Code points, so that positions in messages match what a person sees.
  const chars = Array.from(value);
  if (chars.length !== USCC_LENGTH) return lengthProblem(value, chars.length);

  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] ?? '';
    if (usccValue(char) < 0) return charsetProblem(char, i + 1);
  }

  const authority = authorityProblem(value.charAt(0), value.charAt(1));
  if (authority !== null) return authority;

  for (let i = 2; i < 8; i++) {
    const char = value.charAt(i);
    if (char < '0' || char > '9') {
      return {
        code: 'REGION',
        message: `USCC administrative division code (positions 3-8) must be digits, got '${char}' at position ${i + 1}`,
      };
    }
  }

  const expectedOrgCheck = orgCodeCheckCharacter(value.slice(8, 16));
  if (value.charAt(16) !== expectedOrgCheck) {
    return {
      code: 'ORG_CODE_CHECK',
      message: `USCC organisation code check character at position 17 should be '${expectedOrgCheck}', got '${value.charAt(16)}'`,
    };
  }

  const expectedCheck = usccCheckCharacter(value.slice(0, 17));
  if (value.charAt(17) !== expectedCheck) {
    return {
      code: 'CHECK_CHARACTER',
      message: `USCC check character at position 18 should be '${expectedCheck}', got '${value.charAt(17)}'`,
    };
  }
  return null;
}

export function isUscc(value: string): boolean {
  return checkUscc(value) === null;
}

/**
 * Builds a valid USCC from its parts, computing positions 17 and 18.
 * Throws RangeError when a part could never appear in a valid code.
 */
export function makeUscc(authority: string, category: string, region6: string, orgBody8: string): string {
  const authorityIssue = authorityProblem(authority, category);
  if (authorityIssue !== null) throw new RangeError(authorityIssue.message);
  if (!/^\d{6}$/.test(region6)) {
    throw new RangeError(`USCC administrative division code must be 6 digits, got '${region6}'`);
  }
  if (orgBody8.length !== 8) {
    throw new RangeError(`USCC organisation code body must be 8 characters, got ${orgBody8.length}`);
  }
  for (let i = 0; i < orgBody8.length; i++) {
    const char = orgBody8.charAt(i);
    if (usccValue(char) < 0) throw new RangeError(charsetProblem(char, i + 9).message);
  }
  const first17 = `${authority}${category}${region6}${orgBody8}${orgCodeCheckCharacter(orgBody8)}`;
  return `${first17}${usccCheckCharacter(first17)}`;
}

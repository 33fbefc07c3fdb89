/**
 * Citizen identity number (公民身份号码), GB 11643-1999.
 *
 * Layout: address code (6) + birth date YYYYMMDD (8) + sequence (3) +
 * ISO 7064 MOD 11-2 check character (1, digit or upper-case 'X').
 *
 * The number is personal information, so problem messages never echo the
 * number, its birth date or its check character; they only name positions
 * and, for non-digits, the offending character.
 */

export type ResidentIdProblem = {
  code: 'LENGTH' | 'CHARSET' | 'BIRTH_DATE' | 'CHECK_CHARACTER';
  message: string;
};

export const RESIDENT_ID_LENGTH = 18;
export const RESIDENT_ID_MIN_BIRTH_YEAR = 1800;

// 2^(18-i) mod 11 for i = 1..17.
const WEIGHTS: readonly number[] = Array.from({ length: 17 }, (_, i) => 2 ** (17 - i) % 11);

// Birth dates are Chinese civil dates; China Standard Time has been a fixed UTC+8 since 1991.
const CHINA_STANDARD_TIME_OFFSET_MS = 8 * 60 * 60 * 1000;

function describeChar(char: string): string {
  if (/^[\p{L}\p{N}\p{P}\p{S}]$/u.test(char)) return `'${char}'`;
  const codePoint = char.codePointAt(0) ?? 0;
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Checks an 8-digit YYYYMMDD string without reference to the current date. */
function birthDateProblem(yyyymmdd: string): ResidentIdProblem | null {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < RESIDENT_ID_MIN_BIRTH_YEAR) {
    return {
      code: 'BIRTH_DATE',
      message: `Resident ID birth year (positions 7-10) must be ${RESIDENT_ID_MIN_BIRTH_YEAR} or later`,
    };
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { code: 'BIRTH_DATE', message: 'Resident ID birth date (positions 7-14) is not a real calendar date' };
  }
  return null;
}

function chinaDateKey(now: Date): number {
  const shifted = new Date(now.getTime() + CHINA_STANDARD_TIME_OFFSET_MS);
  return shifted.getUTCFullYear() * 10000 + (shifted.getUTCMonth() + 1) * 100 + shifted.getUTCDate();
}

export function residentIdCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError('Resident ID check character needs exactly 17 digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += Number(first17.charAt(i)) * (WEIGHTS[i] ?? 0);
  }
  const check = (12 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

/**
 * Returns the first problem found (length, charset, birth date, check
 * character) or null. `now` decides what counts as a future birth date,
 * evaluated as a date in China Standard Time.
 */
export function checkResidentId(value: string, now: Date = new Date()): ResidentIdProblem | null {
  const chars = Array.from(value);
  if (chars.length !== RESIDENT_ID_LENGTH) {
    if (/^\d{15}$/.test(value)) {
      return {
        code: 'LENGTH',
        message: 'Resident ID number has 15 digits, a first-generation format that must be upgraded to 18 digits',
      };
    }
    return { code: 'LENGTH', message: `Resident ID number must be ${RESIDENT_ID_LENGTH} characters, got ${chars.length}` };
  }

  for (let i = 0; i < 17; i++) {
    const char = chars[i] ?? '';
    if (char < '0' || char > '9' || char.length !== 1) {
      return { code: 'CHARSET', message: `Resident ID character at position ${i + 1} must be a digit, got ${describeChar(char)}` };
    }
  }
  const last = chars[17] ?? '';
  if (last === 'x') {
    return {
      code: 'CHARSET',
      message: "Resident ID check character at position 18 is lower-case 'x', but only upper-case 'X' is allowed",
    };
  }
  if (last !== 'X' && (last < '0' || last > '9' || last.length !== 1)) {
    return {
      code: 'CHARSET',
      message: `Resident ID character at position 18 must be a digit or 'X', got ${describeChar(last)}`,
    };
  }

  const birthDate = value.slice(6, 14);
  const dateIssue = birthDateProblem(birthDate);
  if (dateIssue !== null) return dateIssue;
  if (Number(birthDate) > chinaDateKey(now)) {
    return { code: 'BIRTH_DATE', message: 'Resident ID birth date (positions 7-14) is in the future' };
  }

  if (residentIdCheckCharacter(value.slice(0, 17)) !== last) {
    return { code: 'CHECK_CHARACTER', message: 'Resident ID check character at position 18 does not match the MOD 11-2 checksum' };
  }
  return null;
}

export function isResidentId(value: string, now: Date = new Date()): boolean {
  return checkResidentId(value, now) === null;
}

/**
 * Builds a valid 18-digit number from its parts, computing the check
 * character. Deterministic: does not reject future birth dates.
 */
export function makeResidentId(region6: string, birthYYYYMMDD: string, seq3: string): string {
  if (!/^\d{6}$/.test(region6)) throw new RangeError('Resident ID address code must be 6 digits');
  if (!/^\d{8}$/.test(birthYYYYMMDD)) throw new RangeError('Resident ID birth date must be 8 digits (YYYYMMDD)');
  if (!/^\d{3}$/.test(seq3)) throw new RangeError('Resident ID sequence number must be 3 digits');
  const dateIssue = birthDateProblem(birthYYYYMMDD);
  if (dateIssue !== null) throw new RangeError(dateIssue.message);
  const first17 = `${region6}${birthYYYYMMDD}${seq3}`;
  return `${first17}${residentIdCheckCharacter(first17)}`;
}

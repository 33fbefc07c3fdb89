/**
 * The registry numbers the IP subgraph is looked up by.
 *
 * Patent application numbers (专利申请号) since 1 October 2003: 4-digit filing year, 1 type digit
 * (1 invention, 2 utility model, 3 design, 8 PCT invention and 9 PCT utility model entering the
 * Chinese national phase), 7-digit serial, a dot and a check character: the 12 digits weighted
 * 2,3,4,5,6,7,8,9,2,3,4,5, summed, modulo 11, with 10 written as 'X'. Written with the office
 * prefix "CN" (an application) or "ZL" (专利, a granted patent); stored as "CN…".
 */

export interface RegistryNumberProblem {
  code: 'FORMAT' | 'LEGACY_FORMAT' | 'YEAR' | 'TYPE' | 'CHECK_DIGIT' | 'CHARSET';
  message: string;
}

const PATENT_WEIGHTS: readonly number[] = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
/** First year of the 12-digit application number. */
export const FIRST_12_DIGIT_YEAR = 2003;

export const PATENT_TYPE_DIGITS: Readonly<Record<string, string>> = Object.freeze({
  '1': 'invention',
  '2': 'utility model',
  '3': 'design',
  '8': 'PCT invention (national phase)',
  '9': 'PCT utility model (national phase)',
});

/** Check character for the 12 digits of an application number. */
export function patentCheckCharacter(digits12: string): string {
  if (!/^\d{12}$/.test(digits12)) throw new RangeError('Patent application number check needs exactly 12 digits');
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(digits12.charAt(i)) * (PATENT_WEIGHTS[i] ?? 0);
  const check = sum % 11;
  return check === 10 ? 'X' : String(check);
}

/** The stored form, "CN" + 12 digits + "." + check character, computing the check character. */
export function makePatentApplicationNo(year: number, typeDigit: string, serial7: string): string {
  const digits12 = `${year}${typeDigit}${serial7}`;
  if (!/^\d{12}$/.test(digits12)) throw new RangeError(`Patent application number parts do not make 12 digits: '${digits12}'`);
  return `CN${digits12}.${patentCheckCharacter(digits12)}`;
}

export type ParsedRegistryNumber = { value: string; problem: null } | { value: null; problem: RegistryNumberProblem };

function problem(code: RegistryNumberProblem['code'], message: string): ParsedRegistryNumber {
  return { value: null, problem: { code, message } };
}

/**
 * Accepts "CN202310123456.7", "ZL202310123456.7" or "202310123456.7" (surrounding whitespace
 * trimmed) and returns the stored form, or the first problem found.
 */
export function parsePatentApplicationNo(input: string, now: Date = new Date()): ParsedRegistryNumber {
  const text = input.trim();
  const body = /^(CN|ZL)/.test(text) ? text.slice(2) : text;
  if (/^(cn|zl)/i.test(text) && body === text) {
    return problem('CHARSET', `patent application number prefix must be upper-case 'CN' or 'ZL', got '${text.slice(0, 2)}'`);
  }
  if (/^\d{8}\.?[\dX]$/.test(body)) {
    return problem('LEGACY_FORMAT', 'patent application number has 8 digits, the format used before 1 October 2003; only 12-digit numbers (e.g. CN202310123456.7) can be looked up');
  }
  const match = /^(\d{12})\.?([\dXx])$/.exec(body);
  if (!match) {
    return problem('FORMAT', `patent application number must be 12 digits, a dot and a check character, e.g. CN202310123456.7; got '${text}'`);
  }
  const digits = match[1] as string;
  const check = match[2] as string;
  if (check === 'x') return problem('CHARSET', "patent application number check character is lower-case 'x', but only upper-case 'X' is used");
  const year = Number(digits.slice(0, 4));
  const thisYear = Number(new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 4));
  if (year < FIRST_12_DIGIT_YEAR || year > thisYear) {
    return problem('YEAR', `patent application number year (digits 1-4) must be from ${FIRST_12_DIGIT_YEAR} to ${thisYear}, got ${year}`);
  }
  const typeDigit = digits.charAt(4);
  if (!Object.hasOwn(PATENT_TYPE_DIGITS, typeDigit)) {
    return problem('TYPE', `patent application number type digit (digit 5) must be 1, 2, 3, 8 or 9, got ${typeDigit}`);
  }
  const expected = patentCheckCharacter(digits);
  if (check !== expected) {
    return problem('CHECK_DIGIT', `patent application number check character should be '${expected}', got '${check}'`);
  }
  return { value: `CN${digits}.${check}`, problem: null };
}

/** Trademark registration numbers (注册号, the same as the application number): 1-9 digits, no leading zero. */
export function parseTrademarkRegistrationNo(input: string): ParsedRegistryNumber {
  const text = input.trim();
  if (/^G\d+$/.test(text)) {
    return problem('FORMAT', `'${text}' is a Madrid international registration number; look up domestic registration numbers (digits only)`);
  }
  if (!/^[1-9]\d{0,8}$/.test(text)) {
    return problem('FORMAT', `trademark registration number must be 1 to 9 digits without a leading zero, e.g. 56789012; got '${text}'`);
  }
  return { value: text, problem: null };
}

/** Software copyright registration numbers (软著登记号): year, "SR", 6 or 7 digits, e.g. 2023SR0123456. */
export function parseSoftwareRegistrationNo(input: string, now: Date = new Date()): ParsedRegistryNumber {
  const text = input.trim();
  const match = /^(\d{4})(SR|sr)(\d{6,7})$/.exec(text);
  if (!match) {
    return problem('FORMAT', `software copyright registration number must be a year, 'SR' and 6 or 7 digits, e.g. 2023SR0123456; got '${text}'`);
  }
  if (match[2] === 'sr') return problem('CHARSET', "software copyright registration number must use upper-case 'SR'");
  const year = Number(match[1]);
  const thisYear = Number(new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 4));
  if (year < 1992 || year > thisYear) {
    return problem('YEAR', `software copyright registration number year must be from 1992 to ${thisYear}, got ${year}`);
  }
  return { value: text, problem: null };
}

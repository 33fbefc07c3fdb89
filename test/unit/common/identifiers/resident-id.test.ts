import {
  checkResidentId,
  isResidentId,
  makeResidentId,
  residentIdCheckCharacter,
  type ResidentIdProblem,
} from '../../../../common/identifiers';

// Literal vectors verified by an independent Python scratch computation of MOD 11-2;
// the two GB 11643-1999 examples are also printed in the standard.

const NOW = new Date('2025-01-01T00:00:00Z');

function problemOf(value: string, now: Date = NOW): ResidentIdProblem {
  const problem = checkResidentId(value, now);
  if (problem === null) throw new Error(`expected ${value} to be rejected`);
  return problem;
}

const VALID = [
  '11010519491231002X', // GB 11643-1999 example, check 'X'
  '440524188001010014', // GB 11643-1999 example, born 1880
  '110105200002290013', // 2000-02-29: divisible by 400
  '11010520240229002X', // 2024-02-29
  '110105180001010010', // earliest accepted year
];

describe('checkResidentId: valid numbers', () => {
  it.each(VALID)('accepts %s', (value) => {
    expect(checkResidentId(value, NOW)).toBeNull();
    expect(isResidentId(value, NOW)).toBe(true);
  });

  it('defaults now to the current time', () => {
    expect(isResidentId('11010519491231002X')).toBe(true);
  });

  it('makeResidentId rebuilds the vectors', () => {
    expect(makeResidentId('110105', '19491231', '002')).toBe('11010519491231002X');
    expect(makeResidentId('440524', '18800101', '001')).toBe('440524188001010014');
    expect(makeResidentId('110105', '20000229', '001')).toBe('110105200002290013');
    expect(residentIdCheckCharacter('11010520240229002')).toBe('X');
  });
});

describe('checkResidentId: problems', () => {
  it('LENGTH: 17 digits', () => {
    expect(checkResidentId('11010519491231002', NOW)).toEqual({
      code: 'LENGTH',
      message: 'Resident ID number must be 18 characters, got 17',
    });
  });

  it('LENGTH: a 15-digit first-generation number must be upgraded', () => {
    expect(checkResidentId('110105491231002', NOW)).toEqual({
      code: 'LENGTH',
      message: 'Resident ID number has 15 digits, a first-generation format that must be upgraded to 18 digits',
    });
  });

  it('CHARSET: lower-case x is rejected, not upper-cased', () => {
    expect(checkResidentId('11010519491231002x', NOW)).toEqual({
      code: 'CHARSET',
      message: "Resident ID check character at position 18 is lower-case 'x', but only upper-case 'X' is allowed",
    });
  });

  it('CHARSET: letters in the body or an invalid last character', () => {
    expect(checkResidentId('1101051949123100AX', NOW)).toEqual({
      code: 'CHARSET',
      message: "Resident ID character at position 17 must be a digit, got 'A'",
    });
    expect(problemOf('X10105194912310020').message).toBe("Resident ID character at position 1 must be a digit, got 'X'");
    expect(problemOf('11010519491231002A').message).toBe(
      "Resident ID character at position 18 must be a digit or 'X', got 'A'",
    );
    expect(problemOf('1101051949123１002X').message).toBe("Resident ID character at position 14 must be a digit, got '１'");
  });

  it.each([
    ['110105190002290017', '1900-02-29: divisible by 100, not by 400'],
    ['110105202302290022', '2023-02-29'],
    ['110105202413010011', 'month 13'],
    ['110105202401000019', 'day 00'],
    ['110105202304310015', 'April 31'],
  ])('BIRTH_DATE: %s (%s) is not a calendar date, though its checksum is right', (value) => {
    expect(checkResidentId(value, NOW)).toEqual({
      code: 'BIRTH_DATE',
      message: 'Resident ID birth date (positions 7-14) is not a real calendar date',
    });
  });

  it('BIRTH_DATE: year before 1800', () => {
    expect(checkResidentId('110105179912310016', NOW)).toEqual({
      code: 'BIRTH_DATE',
      message: 'Resident ID birth year (positions 7-10) must be 1800 or later',
    });
  });

  it('BIRTH_DATE: future dates are judged on the China Standard Time calendar', () => {
    const born20240601 = '110105202406010013';
    const born20240602 = '110105202406020019';
    // 2024-05-31T16:30Z is 2024-06-01 00:30 in Beijing.
    const now = new Date('2024-05-31T16:30:00Z');
    expect(checkResidentId(born20240601, now)).toBeNull();
    expect(checkResidentId(born20240602, now)).toEqual({
      code: 'BIRTH_DATE',
      message: 'Resident ID birth date (positions 7-14) is in the future',
    });
    expect(problemOf(born20240601, new Date('2024-05-31T15:59:59Z')).code).toBe('BIRTH_DATE');
  });

  it('CHECK_CHARACTER: wrong check character', () => {
    expect(checkResidentId('110105194912310021', NOW)).toEqual({
      code: 'CHECK_CHARACTER',
      message: 'Resident ID check character at position 18 does not match the MOD 11-2 checksum',
    });
    expect(problemOf('440524188001010015').code).toBe('CHECK_CHARACTER');
  });

  it('messages never echo the number or its birth date (personal information)', () => {
    const invalid = ['110105194912310021', '110105190002290017', '110105202406020019', '11010519491231002'];
    for (const value of invalid) {
      const { message } = problemOf(value, new Date('2024-01-01T00:00:00Z'));
      expect(message).not.toContain(value.slice(0, 6));
      expect(message).not.toContain(value.slice(6, 14));
      expect(message).not.toMatch(/[.!?]\s|[.!?]$/);
    }
  });
});

describe('checkResidentId: error detection properties', () => {
  it('rejects every single-digit substitution and every adjacent transposition', () => {
    // 11 is prime, every weight 2^(18-i) is a unit mod 11 and digit differences are below 11,
    // so substitutions in positions 1-17 always move the sum; adjacent weights satisfy
    // w_i = 2 * w_{i+1}, so a swap moves the sum by (a-b) * w_{i+1} != 0 (mod 11).
    for (const value of VALID) {
      for (let i = 0; i < 18; i++) {
        const alphabet = i === 17 ? '0123456789X' : '0123456789';
        for (const replacement of alphabet) {
          if (replacement === value.charAt(i)) continue;
          const mutated = value.slice(0, i) + replacement + value.slice(i + 1);
          expect([mutated, isResidentId(mutated, NOW)]).toEqual([mutated, false]);
        }
      }
      for (let i = 0; i < 17; i++) {
        if (value.charAt(i) === value.charAt(i + 1)) continue;
        const swapped = value.slice(0, i) + value.charAt(i + 1) + value.charAt(i) + value.slice(i + 2);
        expect([swapped, isResidentId(swapped, NOW)]).toEqual([swapped, false]);
      }
    }
  });
});

describe('builders reject impossible parts', () => {
  it('makeResidentId', () => {
    expect(() => makeResidentId('11010', '19491231', '002')).toThrow(RangeError);
    expect(() => makeResidentId('110105', '1949123', '002')).toThrow(/8 digits/);
    expect(() => makeResidentId('110105', '19491231', '02')).toThrow(/3 digits/);
    expect(() => makeResidentId('110105', '19000229', '001')).toThrow(/not a real calendar date/);
    expect(() => makeResidentId('110105', '17991231', '001')).toThrow(/1800 or later/);
  });

  it('residentIdCheckCharacter', () => {
    expect(() => residentIdCheckCharacter('1101051949123100')).toThrow(RangeError);
    expect(() => residentIdCheckCharacter('1101051949123100A')).toThrow(RangeError);
  });
});
